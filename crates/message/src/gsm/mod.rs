//! GSM 03.38 / 3GPP TS 23.038 7-bit alphabet (work in progress).
