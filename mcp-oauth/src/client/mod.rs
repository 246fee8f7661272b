//! OAuth client side (being written).
