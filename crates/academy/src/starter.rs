//! The first course, written for OCOP producers who have never sold online, installed by
//! `ocop seed` and `ocop academy install`. It is ordinary content: admins edit, unpublish
//! or extend it like any other, and installing again never overwrites their edits.

use chrono::Utc;
use ocop_core::Error;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::entity::{course, lesson};
use crate::{PUBLISHED, topics};

pub const COURSE_SLUG: &str = "ban-hang-ocop-truc-tuyen";
const COURSE_TITLE: &str = "Bán hàng OCOP trên sàn: tám bài cho người mới bắt đầu";
const COURSE_SUMMARY: &str = "Từ trang cửa hàng, ảnh chụp bằng điện thoại, tin đăng, giá và phí vận chuyển, \
đóng gói hàng tươi, VietQR và COD, sao OCOP đến bán tại hội chợ: những việc một cơ sở OCOP cần làm để \
bán được hàng trực tuyến.";

/// (slug, title, summary, topic, body)
const LESSONS: [(&str, &str, &str, &str, &str); 8] = [
    (
        "trang-cua-hang",
        "Trang cửa hàng: logo, lời giới thiệu và tài khoản nhận tiền",
        "Ba thứ người mua xem trước khi tin một cơ sở họ chưa từng nghe tên.",
        topics::SHOP,
        include_str!("../starter/1-trang-cua-hang.md"),
    ),
    (
        "chup-anh-bang-dien-thoai",
        "Chụp ảnh sản phẩm bằng điện thoại",
        "Ánh sáng, nền, góc chụp và năm tấm ảnh mỗi sản phẩm nên có.",
        topics::PHOTOS,
        include_str!("../starter/2-chup-anh.md"),
    ),
    (
        "viet-tin-dang",
        "Viết tin đăng sản phẩm",
        "Tên sản phẩm, mô tả trả lời trước câu hỏi của người mua, và cách sửa khi bị từ chối.",
        topics::LISTING,
        include_str!("../starter/3-viet-tin-dang.md"),
    ),
    (
        "tinh-gia-va-phi-van-chuyen",
        "Tính giá bán và cài phí vận chuyển",
        "Giá đủ bù vốn, phí sàn và thuế; phí vận chuyển theo khối lượng, miễn phí từ một mức đơn.",
        topics::SHIPPING,
        include_str!("../starter/4-gia-va-van-chuyen.md"),
    ),
    (
        "dong-goi-hang-tuoi",
        "Đóng gói hàng tươi và hàng dễ vỡ",
        "Ba lớp đóng gói, hàng cấp đông, hũ thuỷ tinh, và ảnh thùng hàng trước khi gửi.",
        topics::PACKING,
        include_str!("../starter/5-dong-goi-hang-tuoi.md"),
    ),
    (
        "vietqr-va-cod",
        "VietQR, COD và tiền về tay bạn",
        "Người mua trả tiền thế nào, sàn đối soát ra sao, khi nào tiền về tài khoản của bạn.",
        topics::PAYMENTS,
        include_str!("../starter/6-vietqr-va-cod.md"),
    ),
    (
        "sao-ocop-va-gia-han",
        "Sao OCOP và gia hạn chứng nhận",
        "Cách chấm sao, khai quyết định công nhận trên sàn, hiệu lực 36 tháng và khi nào nộp hồ sơ lại.",
        topics::CERTIFICATE,
        include_str!("../starter/7-sao-ocop-va-gia-han.md"),
    ),
    (
        "ban-tai-hoi-cho",
        "Bán tại hội chợ với màn hình gian hàng",
        "Đăng ký gian, giá hội chợ, bán bằng điện thoại khi mất sóng, và giữ khách sau hội chợ.",
        topics::FAIRS,
        include_str!("../starter/8-ban-tai-hoi-cho.md"),
    ),
];

/// Adds the first course, published, unless a course already has its address. Returns
/// whether it was added.
///
/// # Errors
/// Database errors.
pub async fn install<C: ConnectionTrait>(db: &C) -> Result<bool, Error> {
    if crate::courses::by_slug(db, COURSE_SLUG).await.is_ok() {
        return Ok(false);
    }
    let now = Utc::now();
    let added = course::ActiveModel {
        slug: Set(COURSE_SLUG.into()),
        title: Set(COURSE_TITLE.into()),
        summary: Set(COURSE_SUMMARY.into()),
        position: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (position, (slug, title, summary, topic, body)) in (1..).zip(LESSONS) {
        lesson::ActiveModel {
            course_id: Set(added.id),
            slug: Set(slug.into()),
            title: Set(title.into()),
            summary: Set(summary.into()),
            body: Set(body.trim().into()),
            status: Set(PUBLISHED.into()),
            topic: Set(topic.into()),
            position: Set(position),
            published_at: Set(Some(now)),
            updated_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_lesson_has_a_known_topic_and_a_real_body() {
        for (slug, title, _, topic, body) in LESSONS {
            assert_eq!(ocop_core::text::slugify(slug), slug);
            assert!(topics::is_known(topic), "{title}");
            assert!(body.split_whitespace().count() > 200, "{title} is too short");
            // The sanitiser keeps h3/h4 only: a lesson's headings must not be h1/h2.
            assert!(!body.lines().any(|l| l.starts_with("# ") || l.starts_with("## ")), "{title}");
        }
    }
}
