package io.qhtrack.cli;

import java.util.List;

/** A {@code qhtrack} subcommand. New ones (e.g. {@code outbox}) are added to {@link Main#COMMANDS}. */
interface Command {

    /** The word that selects it: {@code send}, {@code events}. */
    String name();

    /** One line for {@code qhtrack help}. */
    String summary();

    /** Its full usage text. */
    String usage();

    /**
     * Runs with the arguments after the subcommand's name.
     *
     * @return the exit status
     * @throws UsageException for a usage or configuration error (exit status {@link Main#EXIT_USAGE})
     */
    int run(List<String> args, Context context) throws UsageException;
}
