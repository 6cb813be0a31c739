/**
 * Text helpers shared by qhtrack's modules: {@link io.qhtrack.core.text.Printable} escapes untrusted text before it
 * is logged or shown.
 */
package io.qhtrack.core.text;
