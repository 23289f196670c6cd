# SPDX-License-Identifier: MIT
# Copyright (c) 2025 Example Robotics Lab

"""Tokeniser helpers for the evaluation harness."""

import re


def words(text):
    return re.findall(r"\w+", text)
