package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine never names a platform, over tracker-core's compiled classes: every class a class file refers to (its
 * constant pool's classes, and the types in its descriptors and signatures) is read, and the rules are checked
 * package by package.
 */
class PackageDependencyTest {

    private static final Pattern TYPE = Pattern.compile("L(io/qhtrack/[A-Za-z0-9_/$]+)[;<]");
    /** Package → the qhtrack packages its classes refer to (other than itself). */
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        Path classes = Paths.get(Tracker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                String pkg = name.substring(0, name.lastIndexOf('/')).replace('/', '.');
                Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String used : referencedClasses(f)) {
                    if (used.startsWith("io/qhtrack/") && used.contains("/")) {
                        String usedPkg = used.substring(0, used.lastIndexOf('/')).replace('/', '.');
                        if (!usedPkg.equals(pkg)) {
                            uses.add(usedPkg);
                        }
                    }
                }
            }
        }
        assertThat(USES).as("tracker-core's classes were found").containsKeys("io.qhtrack.core",
                "io.qhtrack.core.spi", "io.qhtrack.core.internal", "io.qhtrack.core.jdbc",
                "io.qhtrack.platform.qihoo360");
    }

    @Test
    void noEnginePackageRefersToAPlatform() {
        for (Map.Entry<String, Set<String>> e : USES.entrySet()) {
            if (e.getKey().startsWith("io.qhtrack.core")) {
                assertThat(e.getValue()).as("what %s refers to", e.getKey())
                        .noneMatch(p -> p.startsWith("io.qhtrack.platform"));
            }
        }
    }

    @Test
    void aPlatformRefersOnlyToTheApiTheSpiAndTheEngineHelpers() {
        for (Map.Entry<String, Set<String>> e : USES.entrySet()) {
            if (e.getKey().startsWith("io.qhtrack.platform")) {
                assertThat(e.getValue()).as("what %s refers to", e.getKey()).isSubsetOf("io.qhtrack.core",
                        "io.qhtrack.core.spi", "io.qhtrack.core.internal");
            }
        }
    }

    @Test
    void theSpiDoesNotReachIntoTheEngineOrTheJdbcOutbox() {
        assertThat(USES.get("io.qhtrack.core.spi")).doesNotContain("io.qhtrack.core.internal",
                "io.qhtrack.core.jdbc");
    }

    /** Every class named in {@code classFile}'s constant pool, in class entries, descriptors and signatures. */
    private static List<String> referencedClasses(Path classFile) throws IOException {
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
