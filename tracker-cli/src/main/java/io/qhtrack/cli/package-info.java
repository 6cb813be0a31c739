/**
 * The {@code qhtrack} command line: {@code qhtrack send} reports one conversion by hand (or shows the exact request
 * with {@code --dry-run}), {@code qhtrack events} lists the conversion types per product line. It uses only the
 * public API of {@code io.qhtrack.core}, and reads credentials only from the configuration contract's environment,
 * never from arguments. {@link io.qhtrack.cli.Main} is the entry point; everything else is package-private.
 */
package io.qhtrack.cli;
