//! Vietnamese text.
