//! The experimental physics classes of `@backfire/core/physics` over the pure Rust crates
//! `backfire-physics`, `backfire-observers` and `backfire-ssgf`, with the seed's class names. Only
//! conversions live here: arguments are read and checked with TypeScript's rules and field names
//! (`args`), results cross as packed `Float64Array`s that the TypeScript entry turns into objects,
//! and every failure is a JS error with code `BACKFIRE_PHYSICS`, `field` and `value`.

mod args;
mod control;
mod helpers;
mod observers;
mod sec;
mod ssgf;
mod upde;
