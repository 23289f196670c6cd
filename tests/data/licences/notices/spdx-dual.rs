// SPDX-License-Identifier: MIT OR Apache-2.0
// Copyright 2025 The Example Inference Authors

//! Memory-mapped loading of model weights.

pub fn page_size() -> usize {
    4096
}
