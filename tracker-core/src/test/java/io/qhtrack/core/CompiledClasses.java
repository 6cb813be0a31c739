package io.qhtrack.core;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * tracker-core's compiled main classes, read from their class files: every class a class file refers to (its
 * constant pool's classes, and the types in its descriptors and signatures). Used by {@link PackageDependencyTest}
 * and {@link ImportCycleTest}.
 */
final class CompiledClasses {

    private static final Pattern TYPE = Pattern.compile("L(io/qhtrack/[A-Za-z0-9_/$]+)[;<]");

    private CompiledClasses() {
    }

    /** The directory of tracker-core's main classes. */
    static Path directory() throws URISyntaxException {
        return Paths.get(Tracker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The class-level graph of the classes under {@code classes}: each top-level class (nested, inner, anonymous and
     * local classes folded into it, e.g. {@code io.qhtrack.core.Click$Builder} into {@code io.qhtrack.core.Click}) →
     * the qhtrack top-level classes it refers to, other than itself.
     */
    static Map<String, Set<String>> classGraph(Path classes) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                String from = topLevel(name.substring(0, name.length() - ".class".length()));
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                for (String used : referencedClasses(f)) {
                    if (used.startsWith("io/qhtrack/")) {
                        String target = topLevel(used);
                        if (!target.equals(from)) {
                            to.add(target);
                        }
                    }
                }
            }
        }
        return graph;
    }

    /** The top-level class of an internal name: {@code io/qhtrack/core/Click$Builder} → {@code io.qhtrack.core.Click}. */
    static String topLevel(String internalName) {
        String dotted = internalName.replace('/', '.');
        int nested = dotted.indexOf('$', dotted.lastIndexOf('.') + 1);
        return nested < 0 ? dotted : dotted.substring(0, nested);
    }

    /** The package of a class's binary name: {@code io.qhtrack.core.Click} → {@code io.qhtrack.core}. */
    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** Every class named in {@code classFile}'s constant pool, in class entries, descriptors and signatures. */
    static List<String> referencedClasses(Path classFile) throws IOException {
        List<String> found = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classNameIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1:
                        utf8[i] = in.readUTF();
                        break;
                    case 7:
                        classNameIndexes.add(in.readUnsignedShort());
                        break;
                    case 8: case 16: case 19: case 20:
                        in.readUnsignedShort();
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        in.readInt();
                        break;
                    case 5: case 6:
                        in.readLong();
                        i++;
                        break;
                    case 15:
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                        break;
                    default:
                        throw new IOException(classFile + ": constant pool tag " + tag);
                }
            }
            for (int index : classNameIndexes) {
                String n = utf8[index];
                found.add(n.startsWith("[") ? n.replaceAll("^\\[+L?|;$", "") : n);
            }
            for (String s : utf8) {
                if (s != null) {
                    Matcher m = TYPE.matcher(s);
                    while (m.find()) {
                        found.add(m.group(1));
                    }
                }
            }
        }
        return found;
    }
}
