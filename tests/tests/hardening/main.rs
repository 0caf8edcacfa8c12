//! The reliability battery of issue 14: one test binary, one module per attack.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod access_matrix;
mod xss;
