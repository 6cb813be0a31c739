package io.qhtrack.cli;

import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code qhtrack events}: the 53 conversion types of section 4.5 and their names in 360's console, per line. */
final class EventsCommand implements Command {

    private static final int NAME_WIDTH = 34;

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String summary() {
        return "list the 53 conversion types and their Chinese names per product line";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: qhtrack events [--line ps|ms|zs|web]",
                "",
                "  without --line  every event, with its name in 360's console on each line (× = not offered)",
                "  --line L        the events line L offers, with the console name, 360's description, and",
                "                  whether trans_id is required");
    }

    @Override
    public int run(List<String> args, Context context) throws UsageException {
        Options o = Options.parse(args, new HashSet<>(Arrays.asList("line")), new HashSet<>(Arrays.asList("help")));
        Optional<String> lineName = o.get("line");
        if (lineName.isPresent()) {
            ProductLine line = ProductLine.find(lineName.get()).orElseThrow(() -> new UsageException("--line: '"
                    + lineName.get() + "' is not a product line; use ps, ms, zs or web"));
            listFor(line, context);
        } else {
            listAll(context);
        }
        return Main.EXIT_OK;
    }

    private static String name(Event e) {
        return e.wireName().equals(e.name()) ? e.wireName() : e.wireName() + " (" + e.name() + ")";
    }

    private static void listAll(Context context) {
        ProductLine[] lines = ProductLine.values();
        context.out(Event.values().length + " conversion types (section 4.5 of 360's document); × = not offered on "
                + "that line; the Java name follows 360's spelling in parentheses where they differ.");
        StringBuilder header = new StringBuilder(pad("event", NAME_WIDTH));
        for (int i = 0; i < lines.length; i++) {
            header.append(i == 0 ? "" : " | ").append(lines[i].shortName()).append(' ').append(lines[i].chineseName());
        }
        context.out(header.toString());
        for (Event e : Event.values()) {
            StringBuilder row = new StringBuilder(pad(name(e), NAME_WIDTH));
            for (int i = 0; i < lines.length; i++) {
                row.append(i == 0 ? "" : " | ").append(e.consoleName(lines[i]).orElse("×"));
            }
            context.out(row.toString());
        }
    }

    private static void listFor(ProductLine line, Context context) {
        long offered = java.util.Arrays.stream(Event.values()).filter(e -> e.isOfferedOn(line)).count();
        context.out(line.shortName() + " (" + line.wireName() + ", " + line.chineseName() + ") offers " + offered
                + " of the " + Event.values().length + " conversion types; * = trans_id required.");
        for (Event e : Event.values()) {
            if (e.isOfferedOn(line)) {
                String mark = line.requiresTransId(e) ? " *" : "";
                context.out(pad(name(e) + mark, NAME_WIDTH) + e.consoleName(line).get() + " — "
                        + e.description());
            }
        }
    }

    private static String pad(String s, int width) {
        StringBuilder padded = new StringBuilder(s).append(' ');
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.toString();
    }
}
