package io.qhtrack.cli;

/** The command line or the configuration cannot work: exit status {@link Main#EXIT_USAGE}, with what to fix. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
