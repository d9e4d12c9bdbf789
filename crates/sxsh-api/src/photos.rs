//! Photos at print size: each attached photo is decoded once, turned upright (EXIF orientation),
//! downscaled to at most [`PRINT_LONG_EDGE`] pixels and encoded as JPEG; the copy is cached under
//! `cache/print/` next to the originals, which stay untouched. Reports embed the cached JPEG bytes
//! as they are, so a PDF is written without decoding or re-encoding any image.

use crate::error::{ApiError, ErrorCode, Result};
use image::{DynamicImage, ImageDecoder, ImageReader, codecs::jpeg::JpegEncoder};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use sxsh_report::Photo;

/// Largest photo accepted, in pixels: 100 megapixels, above today's 50–108 MP phone cameras in
/// their full-resolution modes. A bigger image is refused as `IMAGE_TOO_LARGE` from its header,
/// before any pixel memory is allocated.
pub const MAX_PIXELS: u64 = 100_000_000;
/// Longest edge accepted, in pixels (a panorama may be long, not endless).
pub const MAX_EDGE: u32 = 50_000;
/// Most memory one decode may allocate: 100 MP as 8-bit RGBA, with room for the decoder.
pub const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// Photos decoded at the same time in one process; more wait their turn, so memory stays
/// within `CONCURRENT_DECODES × MAX_DECODE_BYTES` however many imports arrive at once.
pub const CONCURRENT_DECODES: usize = 2;

/// A counting semaphore over the decodes of this process.
struct DecodeSlots {
    busy: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

static DECODES: DecodeSlots = DecodeSlots {
    busy: std::sync::Mutex::new(0),
    freed: std::sync::Condvar::new(),
};

/// A held decode slot; freed when dropped.
struct DecodeSlot;

impl DecodeSlot {
    fn take() -> DecodeSlot {
        let mut busy = DECODES.busy.lock().unwrap_or_else(|p| p.into_inner());
        while *busy >= CONCURRENT_DECODES {
            busy = DECODES.freed.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy += 1;
        DecodeSlot
    }
}

impl Drop for DecodeSlot {
    fn drop(&mut self) {
        let mut busy = DECODES.busy.lock().unwrap_or_else(|p| p.into_inner());
        *busy -= 1;
        DECODES.freed.notify_one();
    }
}

fn too_large(what: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::ImageTooLarge,
        format!(
            "the photo is too large ({what}); at most {} megapixels",
            MAX_PIXELS / 1_000_000
        ),
    )
}

/// Longest edge of a print copy, in pixels: 1,200 px over a half-page column (≈ 8 cm) is
/// about 380 dpi, sharp on paper while a phone photo of 4,000 px shrinks ~11×.
pub const PRINT_LONG_EDGE: u32 = 1200;
const PRINT_QUALITY: u8 = 82;

/// Where the copy of `long_edge` pixels is cached: `cache/print/` for print copies,
/// `cache/display/` for the UI's thumbnails.
fn cache_path(data_dir: &Path, sha256: &str, long_edge: u32) -> PathBuf {
    let dir = if long_edge == PRINT_LONG_EDGE {
        "print"
    } else {
        "display"
    };
    data_dir
        .join("cache")
        .join(dir)
        .join(format!("{sha256}-{long_edge}.jpg"))
}

/// Decodes an image (JPEG or PNG), applies its EXIF orientation and fits it within
/// `long_edge` pixels (never enlarging). The size the header declares is checked against
/// [`MAX_PIXELS`] and [`MAX_EDGE`] before any pixel is decoded, the decoder may allocate at most
/// [`MAX_DECODE_BYTES`], and at most [`CONCURRENT_DECODES`] decodes run at once.
pub fn decode_upright(bytes: &[u8], long_edge: u32) -> Result<DynamicImage> {
    let bad = |e: image::ImageError| match e {
        image::ImageError::Limits(l) => too_large(l),
        e => ApiError::new(
            ErrorCode::InvalidInput,
            format!("not a readable photo: {e}"),
        ),
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("not a readable photo: {e}"),
            )
        })?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_EDGE);
    limits.max_image_height = Some(MAX_EDGE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(bad)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(too_large(format!("{w} × {h} pixels")));
    }
    let orientation = decoder.orientation().map_err(bad)?;
    let _slot = DecodeSlot::take();
    let mut img = DynamicImage::from_decoder(decoder).map_err(bad)?;
    img.apply_orientation(orientation);
    Ok(fit_within(img, long_edge))
}

/// `img` scaled down to fit within `long_edge` pixels (never enlarged). Large reductions
/// average blocks of pixels first (no full-size intermediate buffer), then a triangle filter
/// makes the final size.
fn fit_within(img: DynamicImage, long_edge: u32) -> DynamicImage {
    let edge = img.width().max(img.height());
    if edge <= long_edge {
        return img;
    }
    let img = if edge > 2 * long_edge {
        img.thumbnail(2 * long_edge, 2 * long_edge)
    } else {
        img
    };
    img.resize(long_edge, long_edge, image::imageops::FilterType::Triangle)
}

/// JPEG bytes of `img` (RGB, or grey for single-channel images).
pub fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let encoder = JpegEncoder::new_with_quality(&mut out, quality);
    let result = match img {
        DynamicImage::ImageLuma8(g) => g.write_with_encoder(encoder),
        _ => img.to_rgb8().write_with_encoder(encoder),
    };
    result.map_err(|e| ApiError::new(ErrorCode::Io, format!("JPEG encoding failed: {e}")))?;
    Ok(out)
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
            let img = decode_upright(&original, long_edge)?;
            let bytes = encode_jpeg(&img, PRINT_QUALITY)?;
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
        write_atomically(&print, &encode_jpeg(img, PRINT_QUALITY)?)?;
    }
    for &edge in edges {
        let path = cache_path(data_dir, sha256, edge);
        if !path.exists() {
            // Never enlarge, as `decode_upright` does not when a copy is made from the original.
            let bytes = encode_jpeg(&fit_within(img.clone(), edge), PRINT_QUALITY)?;
            write_atomically(&path, &bytes)?;
        }
    }
    Ok(())
}

/// Width and height of a JPEG from its header, without decoding the pixels.
fn jpeg_size(jpeg: &[u8]) -> Result<(u32, u32)> {
    let decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(jpeg))
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("cached print copy unreadable: {e}")))?;
    Ok(decoder.dimensions())
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
        let caption = if a.data.caption.is_empty() {
            a.data.original_name.clone()
        } else {
            a.data.caption.clone()
        };
        match print_copy(data_dir, &a.data.sha256) {
            Ok(mut photo) => {
                photo.caption = caption;
                photos.push(photo);
            }
            Err(_) => unreadable.push(caption),
        }
    }
    (photos, unreadable)
}
