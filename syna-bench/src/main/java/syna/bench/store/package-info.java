/**
 * One adapter per engine behind {@link syna.bench.store.KvStore}: each uses its engine's natural
 * API (Syna takes the {@code String} key, the peers its UTF-8 bytes, encoded before timing) and
 * returns an owned {@code byte[]} on reads, so every engine pays for one copy out.
 */
package syna.bench.store;
