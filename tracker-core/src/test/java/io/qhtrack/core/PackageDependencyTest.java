package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine never names a platform, over tracker-core's compiled classes: every class a class file refers to (its
 * constant pool's classes, and the types in its descriptors and signatures) is read, and the rules are checked
 * package by package.
 */
class PackageDependencyTest {

    /** Package → the qhtrack packages its classes refer to (other than itself). */
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        for (Map.Entry<String, Set<String>> e : CompiledClasses.classGraph(CompiledClasses.directory()).entrySet()) {
            String pkg = CompiledClasses.packageOf(e.getKey());
            Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (String used : e.getValue()) {
                String usedPkg = CompiledClasses.packageOf(used);
                if (!usedPkg.equals(pkg)) {
                    uses.add(usedPkg);
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
}
