//! Product images: decoded to prove they are images (JPEG, PNG or WebP only), then
//! re-encoded as JPEG without any metadata in two sizes. Up to 8 per product.

use std::io::Cursor;

use chrono::Utc;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits, Rgb, RgbImage};
use ocop_accounts::User;
use ocop_core::{Error, Sku};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use crate::entity::product_image;
use crate::media::MediaStore;
use crate::products;

pub mod drawn;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_PER_PRODUCT: u64 = 8;
const LARGE_PX: u32 = 1200;
const THUMB_PX: u32 = 400;
/// Refuses decompression bombs before they allocate.
const MAX_SIDE_PX: u32 = 10_000;

pub struct Processed {
    pub large: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn invalid(message: &str) -> Error {
    Error::invalid("image", message)
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, Error> {
    // Flatten transparency onto white: JPEG has no alpha, and black would look broken.
    let rgba = img.to_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| u8::try_from((u16::from(c) * a + 255 * (255 - a)) / 255).unwrap_or(255);
        rgb.put_pixel(x, y, Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality).encode_image(&rgb).map_err(Error::internal)?;
    Ok(out)
}

/// Checks and re-encodes an upload.
///
/// # Errors
/// [`Error::Invalid`] on `image` for anything that is not a JPEG, PNG or WebP image of a
/// sane size.
pub fn process(bytes: &[u8]) -> Result<Processed, Error> {
    if bytes.len() > MAX_BYTES {
        return Err(invalid("Ảnh tối đa 10 MB"));
    }
    let format = image::guess_format(bytes).map_err(|_| invalid("Tệp không phải ảnh JPEG, PNG hoặc WebP"))?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return Err(invalid("Chỉ nhận ảnh JPEG, PNG hoặc WebP"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE_PX);
    limits.max_image_height = Some(MAX_SIDE_PX);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| invalid("Ảnh bị hỏng hoặc quá lớn (tối đa 10.000 điểm ảnh mỗi cạnh)"))?;
    if img.width() < 100 || img.height() < 100 {
        return Err(invalid("Ảnh cần ít nhất 100×100 điểm ảnh"));
    }
    let large = if img.width() > LARGE_PX || img.height() > LARGE_PX {
        img.resize(LARGE_PX, LARGE_PX, FilterType::Lanczos3)
    } else {
        img.clone()
    };
    let thumb = img.resize_to_fill(THUMB_PX, THUMB_PX * 3 / 4, FilterType::Triangle);
    Ok(Processed { large: jpeg(&large, 82)?, thumb: jpeg(&thumb, 78)?, width: large.width(), height: large.height() })
}

/// Adds an image to a product of a shop the user acts for. On a live product it shows
/// once the next review approves it; on a product not yet live it goes with the product.
///
/// # Errors
/// [`Error::Invalid`] on `image`; [`Error::NotFound`] for another shop's product.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    store: &dyn MediaStore,
    actor: &User,
    shop_slug: &str,
    sku: &Sku,
    bytes: Vec<u8>,
) -> Result<product_image::Model, Error> {
    let listing = products::by_sku(db, actor, shop_slug, sku).await?;
    let count =
        product_image::Entity::find().filter(product_image::Column::ProductId.eq(listing.product.id)).count(db).await?;
    if count >= MAX_PER_PRODUCT {
        return Err(invalid("Mỗi sản phẩm tối đa 8 ảnh"));
    }
    let processed = tokio::task::spawn_blocking(move || process(&bytes)).await.map_err(Error::internal)??;
    let stored = store_processed(store, &processed).await?;
    let image = product_image::ActiveModel {
        product_id: Set(listing.product.id),
        position: Set(i32::try_from(count).unwrap_or(0)),
        large_key: Set(stored.0),
        thumb_key: Set(stored.1),
        width: Set(i32::try_from(processed.width).unwrap_or(0)),
        height: Set(i32::try_from(processed.height).unwrap_or(0)),
        alt: Set(listing.product.name.clone()),
        approved: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if listing.product.live {
        products::mark_for_review(db, listing.product.id).await?;
    }
    Ok(image)
}

/// Content-addressed keys: the same picture uploaded twice is stored once.
async fn store_processed(store: &dyn MediaStore, p: &Processed) -> Result<(String, String), Error> {
    store_under(store, "products", p).await
}

/// Stores both sizes of a processed picture under `folder` (`products`, `reviews`), keyed by
/// content; returns the large and the small key.
///
/// # Errors
/// The media store refuses the write.
pub async fn store_under(store: &dyn MediaStore, folder: &str, p: &Processed) -> Result<(String, String), Error> {
    let key = |bytes: &[u8], size: &str| {
        let hash = hex::encode(Sha256::digest(bytes));
        format!("{folder}/{}/{}-{size}.jpg", &hash[..2], &hash[..32])
    };
    let large = key(&p.large, "l");
    let thumb = key(&p.thumb, "s");
    store.put(&large, p.large.clone()).await?;
    store.put(&thumb, p.thumb.clone()).await?;
    Ok((large, thumb))
}

/// A shop's logo: checked like a product image, cut to a 256-pixel square.
///
/// # Errors
/// [`Error::Invalid`] on `logo`; [`Error::NotFound`] for a shop the user does not act for.
pub async fn set_logo<C: ConnectionTrait>(
    db: &C,
    store: &dyn MediaStore,
    actor: &User,
    shop_slug: &str,
    bytes: Vec<u8>,
) -> Result<String, Error> {
    let owner = crate::shops::for_member(db, actor, shop_slug).await?;
    let square = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, Error> {
        process(&bytes).map_err(|_| {
            Error::invalid("logo", "Logo phải là ảnh JPEG, PNG hoặc WebP, ít nhất 100×100, tối đa 10 MB")
        })?;
        let img = image::load_from_memory(&bytes).map_err(|_| Error::invalid("logo", "Ảnh bị hỏng"))?;
        jpeg(&img.resize_to_fill(256, 256, FilterType::Lanczos3), 85)
    })
    .await
    .map_err(Error::internal)??;
    let hash = hex::encode(Sha256::digest(&square));
    let key = format!("shops/{}/{}.jpg", &hash[..2], &hash[..32]);
    store.put(&key, square).await?;
    let mut active: crate::entity::shop::ActiveModel = owner.into();
    active.logo_key = Set(Some(key.clone()));
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(key)
}

/// Images shoppers may see, in order.
///
/// # Errors
/// The database cannot be read.
pub async fn shown<C: ConnectionTrait>(db: &C, product_id: i64) -> Result<Vec<product_image::Model>, Error> {
    Ok(product_image::Entity::find()
        .filter(product_image::Column::ProductId.eq(product_id))
        .filter(product_image::Column::Approved.eq(true))
        .order_by_asc(product_image::Column::Position)
        .all(db)
        .await?)
}

/// Every image of a product, for its owner.
///
/// # Errors
/// The database cannot be read.
pub async fn all<C: ConnectionTrait>(db: &C, product_id: i64) -> Result<Vec<product_image::Model>, Error> {
    Ok(product_image::Entity::find()
        .filter(product_image::Column::ProductId.eq(product_id))
        .order_by_asc(product_image::Column::Position)
        .all(db)
        .await?)
}

/// A generated picture (nothing downloaded) of a demo product: see [`drawn`].
pub fn placeholder(seed: u64, group: &str, name: &str) -> Processed {
    let dynamic = DynamicImage::ImageRgb8(drawn::draw(seed, group, name));
    let thumb = dynamic.resize_to_fill(THUMB_PX, THUMB_PX * 3 / 4, FilterType::Triangle);
    Processed {
        large: jpeg(&dynamic, 80).unwrap_or_default(),
        thumb: jpeg(&thumb, 78).unwrap_or_default(),
        width: drawn::WIDTH,
        height: drawn::HEIGHT,
    }
}

/// Stores a placeholder as an approved image of a product (demo data).
///
/// # Errors
/// The store or the database cannot be written.
pub async fn add_placeholder<C: ConnectionTrait>(
    db: &C,
    store: &dyn MediaStore,
    product_id: i64,
    alt: &str,
    group: &str,
) -> Result<(), Error> {
    let existing =
        product_image::Entity::find().filter(product_image::Column::ProductId.eq(product_id)).count(db).await?;
    if existing > 0 {
        return Ok(());
    }
    let (seed, group, name) = (u64::try_from(product_id).unwrap_or(0), group.to_owned(), alt.to_owned());
    let processed =
        tokio::task::spawn_blocking(move || placeholder(seed, &group, &name)).await.map_err(Error::internal)?;
    let (large, thumb) = store_processed(store, &processed).await?;
    product_image::ActiveModel {
        product_id: Set(product_id),
        position: Set(0),
        large_key: Set(large),
        thumb_key: Set(thumb),
        width: Set(i32::try_from(processed.width).unwrap_or(0)),
        height: Set(i32::try_from(processed.height).unwrap_or(0)),
        alt: Set(alt.to_owned()),
        approved: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(w, h, image::Rgba([10, 120, 60, 128])));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_png_becomes_two_jpegs_within_bounds() {
        let p = process(&png(2400, 1800)).unwrap();
        assert_eq!((p.width, p.height), (1200, 900));
        assert_eq!(image::guess_format(&p.large).unwrap(), ImageFormat::Jpeg);
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 300));
    }

    #[test]
    fn what_is_not_an_image_is_refused_with_a_reason() {
        assert!(matches!(process(b"GIF89a not really"), Err(Error::Invalid(_))));
        assert!(matches!(process(b"%PDF-1.7"), Err(Error::Invalid(_))));
        let mut broken = png(300, 300);
        broken.truncate(80);
        assert!(matches!(process(&broken), Err(Error::Invalid(_))));
        assert!(matches!(process(&png(50, 50)), Err(Error::Invalid(_))));
    }

    #[test]
    fn a_placeholder_is_a_real_jpeg() {
        let p = placeholder(7, "do-uong", "Trà hoa vàng");
        assert_eq!(image::load_from_memory(&p.large).unwrap().width(), 800);
    }
}
