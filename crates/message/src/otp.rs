//! Verification-code (OTP) extraction (work in progress).
