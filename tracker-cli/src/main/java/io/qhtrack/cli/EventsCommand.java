package io.qhtrack.cli;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code qhtrack events}: qhtrack's events as a platform knows them (360 by default: the 53 conversion types of its
 * section 4.5), with the platform's own name and its console's name on each line, as mapped by the configuration in
 * force ({@code qhtrack.<platform>.events} overrides included).
 */
final class EventsCommand implements Command {

    private static final int NAME_WIDTH = 34;
    private static final String DEFAULT_PLATFORM = "qihoo360";

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String summary() {
        return "list a platform's conversion types (360's 53 by default) and their names per line";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: qhtrack events [--platform " + String.join("|", platformIds()) + "] [--line LINE]",
                "",
                "  --platform P    the platform (default " + DEFAULT_PLATFORM + "); the mapping shown is the one in force,",
                "                  with the environment's qhtrack.<platform>.events overrides (QHTRACK_BAIDU_EVENTS …)",
                "  without --line  every event the platform offers, with its console name on each line (× = not offered)",
                "  --line L        the events line L offers, with the console name, the platform's description, and",
                "                  (360) whether trans_id is required");
    }

    @Override
    public int run(List<String> args, Context context) throws UsageException {
        Options o = Options.parse(args, new HashSet<>(Arrays.asList("line", "platform")),
                new HashSet<>(Collections.singletonList("help")));
        Platform platform = platform(o.get("platform").orElse(DEFAULT_PLATFORM), context);
        Optional<String> lineName = o.get("line");
        if (lineName.isPresent()) {
            Line line = platform.line(lineName.get().trim().toLowerCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new UsageException("--line: '" + lineName.get() + "' is not a line of "
                            + platform.id() + "; use " + platform.lines().stream().map(Line::id)
                                    .collect(Collectors.joining(", "))));
            listFor(platform, line, context);
        } else {
            listAll(platform, context);
        }
        return Main.EXIT_OK;
    }

    /** The platform {@code id}, configured with the environment's settings. */
    static Platform platform(String id, Context context) throws UsageException {
        return platform(id, context.settings());
    }

    /** The platform {@code id}, configured with {@code settings}. */
    static Platform platform(String id, io.qhtrack.core.Settings settings) throws UsageException {
        PlatformRegistry registry;
        try {
            registry = PlatformRegistry.configure(Collections.<Platform>emptyList(), settings);
        } catch (ConfigurationException e) {
            throw new UsageException(Config.explain(e));
        }
        return registry.find(id.trim().toLowerCase(java.util.Locale.ROOT)).orElseThrow(() -> new UsageException(
                "--platform: '" + id + "' is not a platform qhtrack knows; use " + String.join(", ", platformIds())));
    }

    static List<String> platformIds() {
        List<String> ids = new ArrayList<>();
        for (Platform p : PlatformRegistry.load()) {
            ids.add(p.id());
        }
        return ids;
    }

    /** The platform's name of {@code event}, with qhtrack's in parentheses where they differ. */
    private static String name(Event event, PlatformEvent mapped) {
        return mapped.wireName().equals(event.name()) ? event.name() : mapped.wireName() + " (" + event.name() + ")";
    }

    private static Optional<PlatformEvent> anywhere(Platform platform, Event event) {
        for (Line l : platform.lines()) {
            Optional<PlatformEvent> mapped = platform.events().map(event, l);
            if (mapped.isPresent()) {
                return mapped;
            }
        }
        return Optional.empty();
    }

    private static void listAll(Platform platform, Context context) {
        List<Line> lines = platform.lines();
        List<String> rows = new ArrayList<>();
        for (Event e : Event.values()) {
            Optional<PlatformEvent> mapped = anywhere(platform, e);
            if (!mapped.isPresent()) {
                continue;
            }
            StringBuilder row = new StringBuilder(pad(name(e, mapped.get()), NAME_WIDTH));
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                row.append(i == 0 ? "" : " | ").append(platform.events().map(e, l)
                        .flatMap(pe -> pe.consoleName(l)).orElse("×"));
            }
            rows.add(row.toString());
        }
        context.out(rows.size() + " conversion types of " + platform.displayName() + " (" + platform.id() + ") of "
                + "qhtrack's " + Event.values().length + "; × = not offered on that line; qhtrack's name follows the "
                + "platform's in parentheses where they differ.");
        StringBuilder header = new StringBuilder(pad("event", NAME_WIDTH));
        for (int i = 0; i < lines.size(); i++) {
            header.append(i == 0 ? "" : " | ").append(lines.get(i).id()).append(' ')
                    .append(lines.get(i).displayName());
        }
        context.out(header.toString());
        rows.forEach(context::out);
    }

    private static void listFor(Platform platform, Line line, Context context) {
        Optional<ProductLine> qihoo360Line = DEFAULT_PLATFORM.equals(platform.id()) ? ProductLine.find(line.id())
                : Optional.<ProductLine>empty();
        List<String> rows = new ArrayList<>();
        for (Event e : Event.values()) {
            Optional<PlatformEvent> mapped = platform.events().map(e, line);
            if (mapped.isPresent()) {
                String mark = qihoo360Line.isPresent() && qihoo360Line.get().requiresTransId(e) ? " *" : "";
                rows.add(pad(name(e, mapped.get()) + mark, NAME_WIDTH) + mapped.get().consoleName(line).orElse("")
                        + (mapped.get().description().isEmpty() ? "" : " — " + mapped.get().description()));
            }
        }
        context.out(line.id() + " (" + line.wireName() + ", " + line.displayName() + ") offers " + rows.size()
                + " of the " + Event.values().length + " conversion types"
                + (qihoo360Line.isPresent() ? "; * = trans_id required." : "."));
        rows.forEach(context::out);
    }

    private static String pad(String s, int width) {
        StringBuilder padded = new StringBuilder(s).append(' ');
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.toString();
    }
}
