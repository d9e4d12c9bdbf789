//! Photos at print size: each attached photo is decoded once, turned upright (EXIF orientation),
//! downscaled to at most [`PRINT_LONG_EDGE`] pixels and encoded as JPEG; the copy is cached under
//! `cache/print/` next to the originals, which stay untouched. Reports embed the cached JPEG bytes
//! as they are, so a PDF is written without decoding or re-encoding any image.

use crate::error::{ApiError, ErrorCode, Result};
use image::DynamicImage;
use std::path::{Path, PathBuf};
use sxsh_report::Photo;

pub use sxsh_photo::{CONCURRENT_DECODES, MAX_DECODE_BYTES, MAX_EDGE, MAX_PIXELS, THUMB_LONG_EDGE};

impl From<sxsh_photo::PhotoError> for ApiError {
    fn from(e: sxsh_photo::PhotoError) -> ApiError {
        let code = match e {
            sxsh_photo::PhotoError::TooLarge(_) => ErrorCode::ImageTooLarge,
            sxsh_photo::PhotoError::Unreadable(_) => ErrorCode::InvalidInput,
            sxsh_photo::PhotoError::Encode(_) => ErrorCode::Io,
        };
        ApiError::new(code, e.to_string())
    }
}

/// Longest edge of a print copy, in pixels: 1,200 px over a half-page column (≈ 8 cm) is
/// about 380 dpi, sharp on paper while a phone photo of 4,000 px shrinks ~11×.
pub const PRINT_LONG_EDGE: u32 = sxsh_photo::PRINT_LONG_EDGE;
const PRINT_QUALITY: u8 = sxsh_photo::QUALITY;

/// Where the copy of `long_edge` pixels is cached (see `sxsh_store::attachments::copy_path`).
fn cache_path(data_dir: &Path, sha256: &str, long_edge: u32) -> PathBuf {
    sxsh_store::attachments::copy_path(data_dir, sha256, long_edge, long_edge == PRINT_LONG_EDGE)
}

/// The print copy of the attachment with this hash: made once, then read from the cache.
pub fn print_copy(data_dir: &Path, sha256: &str) -> Result<Photo> {
    sized_copy(data_dir, sha256, PRINT_LONG_EDGE)
}

/// A copy of at most `long_edge` pixels of the attachment with this hash, made once from the
/// original and then read from the cache.
pub fn sized_copy(data_dir: &Path, sha256: &str, long_edge: u32) -> Result<Photo> {
    let path = cache_path(data_dir, sha256, long_edge);
    let jpeg = match sxsh_store::fsutil::read_regular(
        &path,
        sxsh_store::attachments::MAX_ATTACHMENT_BYTES,
    ) {
        Ok(bytes) => bytes,
        Err(_) => {
            let original = sxsh_store::attachments::get(data_dir, sha256)?;
            let img = sxsh_photo::decode_upright(&original, long_edge)?;
            let bytes = sxsh_photo::encode_jpeg(&img, PRINT_QUALITY)?;
            // A cache that cannot be written (read-only folder, full disk) costs time, not the
            // copy: it is made again next time.
            let _ = write_atomically(&path, &bytes);
            bytes
        }
    };
    let (width_px, height_px) = jpeg_size(&jpeg)?;
    Ok(Photo {
        jpeg,
        width_px,
        height_px,
        caption: String::new(),
        owner_entity: String::new(),
        owner_id: String::new(),
    })
}

/// Caches the print copy of an image already decoded (at most [`PRINT_LONG_EDGE`] pixels)
/// and its smaller copies of `edges` pixels, so nothing decodes the original again.
pub fn cache_copies(
    data_dir: &Path,
    sha256: &str,
    img: &DynamicImage,
    edges: &[u32],
) -> Result<()> {
    let print = cache_path(data_dir, sha256, PRINT_LONG_EDGE);
    if !print.exists() {
        write_atomically(&print, &sxsh_photo::encode_jpeg(img, PRINT_QUALITY)?)?;
    }
    for &edge in edges {
        let path = cache_path(data_dir, sha256, edge);
        if !path.exists() {
            // Never enlarge, as `decode_upright` does not when a copy is made from the original.
            let bytes =
                sxsh_photo::encode_jpeg(&sxsh_photo::fit_within(img.clone(), edge), PRINT_QUALITY)?;
            write_atomically(&path, &bytes)?;
        }
    }
    Ok(())
}

fn jpeg_size(jpeg: &[u8]) -> Result<(u32, u32)> {
    sxsh_photo::jpeg_size(jpeg)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("cached copy unreadable: {e}")))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| ApiError::io(path, e);
    let dir = path.parent().expect("cache path has a parent");
    std::fs::create_dir_all(dir).map_err(io)?;
    // One temporary name per process and thread: two threads may cache copies at once.
    let tmp = dir.join(format!(
        ".{}-{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// The photos of an assessment document at print size, with their captions, in the stored
/// order; attachments that are not images are left out. A photo whose file is missing or
/// unreadable does not stop the report: its caption (or file name) is returned apart.
pub(crate) fn report_photos(
    data_dir: &Path,
    attachments: &[sxsh_store::Stored<sxsh_domain::model::Attachment>],
) -> (Vec<Photo>, Vec<String>) {
    let mut photos = Vec::new();
    let mut unreadable = Vec::new();
    for a in attachments
        .iter()
        .filter(|a| a.data.mime.starts_with("image/"))
    {
        match print_copy(data_dir, &a.data.sha256) {
            Ok(mut photo) => {
                // Without a caption the report captions it with what it belongs to, never
                // with a file name.
                photo.caption = a.data.caption.clone();
                photo.owner_entity = a.data.owner_entity.clone();
                photo.owner_id = a.data.owner_id.clone();
                photos.push(photo);
            }
            // The file name identifies an unreadable photo for whoever has to find it.
            Err(_) => unreadable.push(if a.data.caption.is_empty() {
                a.data.original_name.clone()
            } else {
                a.data.caption.clone()
            }),
        }
    }
    (photos, unreadable)
}
