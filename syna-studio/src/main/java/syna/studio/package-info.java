/**
 * Syna Studio: {@link syna.studio.Studio} serves a web UI and a JSON API (documented in
 * {@code docs/studio.md}) over one open database, bound to the loopback address by default, with a
 * per-start token guarding every request that changes data.
 */
package syna.studio;
