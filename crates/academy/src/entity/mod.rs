pub mod course;
pub mod lesson;
pub mod progress;
