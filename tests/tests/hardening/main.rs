//! The reliability battery (issue 14): each test breaks something on purpose (kills the
//! gateway, hangs Redis, floods the login, races buyers for the last items), then checks
//! that nothing was lost and prints the figures it measured. Run by `make test-hardening`
//! (`cargo test -p ocop-tests --test hardening -- --nocapture`); tests that need
//! PostgreSQL skip with a message when OCOP_TEST_DATABASE_URL is unset.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

mod brute_force;
mod kill_checkout;
mod overselling;
mod redis_faults;

mod access_matrix;
mod xss;
