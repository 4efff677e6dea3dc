//! pm action, review, close, due (see below).
