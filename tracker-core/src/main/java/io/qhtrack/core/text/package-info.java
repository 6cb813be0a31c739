/**
 * Text helpers shared by qhtrack's modules: {@link io.qhtrack.core.text.Printable} escapes untrusted text before it
 * is logged or shown; {@link io.qhtrack.core.text.Text} has the {@code strip}/{@code isBlank} of Java 11 for Java 8.
 */
package io.qhtrack.core.text;
