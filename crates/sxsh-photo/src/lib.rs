//! Copies of photos at a smaller size: decoded with limits (pixel count and edge from the
//! header, before any pixel memory; an allocation cap; at most [`CONCURRENT_DECODES`] at once
//! per process), turned upright (EXIF orientation), scaled down and encoded as JPEG. The
//! devices make display and print copies with it, the office server the thumbnails devices
//! fetch before the originals.

use image::{DynamicImage, ImageDecoder, ImageReader, codecs::jpeg::JpegEncoder};
use std::io::Cursor;

/// Largest photo accepted, in pixels: 100 megapixels, above today's 50–108 MP phone cameras in
/// their full-resolution modes. A bigger image is refused from its header, before any pixel
/// memory is allocated.
pub const MAX_PIXELS: u64 = 100_000_000;
/// Longest edge accepted, in pixels (a panorama may be long, not endless).
pub const MAX_EDGE: u32 = 50_000;
/// Most memory one decode may allocate: 100 MP as 8-bit RGBA, with room for the decoder.
pub const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// Photos decoded at the same time in one process; more wait their turn, so memory stays
/// within `CONCURRENT_DECODES × MAX_DECODE_BYTES` however many arrive at once.
pub const CONCURRENT_DECODES: usize = 2;
/// Longest edge of a thumbnail (lists, the photo strip, what a device fetches first).
pub const THUMB_LONG_EDGE: u32 = 320;
/// Longest edge of a photo's print copy, in pixels (a report prints it at most ~15 cm wide).
pub const PRINT_LONG_EDGE: u32 = 1200;
/// JPEG quality of every copy.
pub const QUALITY: u8 = 82;

/// Why a photo could not be copied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PhotoError {
    /// Over [`MAX_PIXELS`], [`MAX_EDGE`] or [`MAX_DECODE_BYTES`].
    #[error("the photo is too large ({0}); at most 100 megapixels")]
    TooLarge(String),
    /// Not a JPEG or PNG this decoder reads.
    #[error("not a readable photo: {0}")]
    Unreadable(String),
    #[error("JPEG encoding failed: {0}")]
    Encode(String),
}

pub type Result<T> = std::result::Result<T, PhotoError>;

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

/// Decodes an image (JPEG or PNG), applies its EXIF orientation and fits it within
/// `long_edge` pixels (never enlarging), within the limits above.
pub fn decode_upright(bytes: &[u8], long_edge: u32) -> Result<DynamicImage> {
    let bad = |e: image::ImageError| match e {
        image::ImageError::Limits(l) => PhotoError::TooLarge(l.to_string()),
        e => PhotoError::Unreadable(e.to_string()),
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_EDGE);
    limits.max_image_height = Some(MAX_EDGE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(bad)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PhotoError::TooLarge(format!("{w} × {h} pixels")));
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
pub fn fit_within(img: DynamicImage, long_edge: u32) -> DynamicImage {
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
    result.map_err(|e| PhotoError::Encode(e.to_string()))?;
    Ok(out)
}

/// The thumbnail (JPEG, at most [`THUMB_LONG_EDGE`] pixels) of a photo's bytes.
pub fn thumbnail(bytes: &[u8]) -> Result<Vec<u8>> {
    encode_jpeg(&decode_upright(bytes, THUMB_LONG_EDGE)?, QUALITY)
}

/// Width and height of a JPEG from its header, without decoding the pixels.
pub fn jpeg_size(jpeg: &[u8]) -> Result<(u32, u32)> {
    let decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(jpeg))
        .map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    Ok(decoder.dimensions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thumbnail_fits_its_edge_and_a_bad_file_is_unreadable() {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(1600, 900, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }));
        let jpeg = encode_jpeg(&img, QUALITY).unwrap();
        let thumb = thumbnail(&jpeg).unwrap();
        assert_eq!(jpeg_size(&thumb).unwrap(), (320, 180));
        assert!(thumb.len() < jpeg.len());
        assert!(matches!(
            thumbnail(b"not a photo"),
            Err(PhotoError::Unreadable(_))
        ));
    }
}
