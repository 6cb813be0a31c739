package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No import cycle crosses a package of tracker-core, over its compiled classes ({@link CompiledClasses}): in the
 * class-level graph (a class → the qhtrack classes its class file names; nested classes folded into their top-level
 * class), no strongly connected component holds classes of two packages. Classes of one package may refer to each
 * other in a cycle (the JDBC outbox and its helpers).
 *
 * <p>At the level of packages there are cycles, by design: the SPI is written in the API's values ({@code Codec}
 * takes a {@code Click} and a {@code Conversion}, {@code EventCatalog} maps an {@code Event}) while the API takes the
 * SPI's plug-ins ({@code Tracker.Builder.platform}, {@code .outbox}); the engine uses both and the API starts it. The
 * package map, which {@link #everyPackageRefersOnlyToWhatThePackageMapAllows()} asserts (a package refers to the
 * packages of its row, or fewer):
 *
 * <table>
 *   <caption>tracker-core's package map</caption>
 *   <tr><th>package</th><th>what it is</th><th>may refer to</th></tr>
 *   <tr><td>{@code io.qhtrack.core}</td><td>API</td><td>{@code .spi}, {@code .internal}, {@code .jdbc}</td></tr>
 *   <tr><td>{@code io.qhtrack.core.spi}</td><td>SPI: the outbox, the platform seam, the credential resolver</td>
 *       <td>{@code io.qhtrack.core}</td></tr>
 *   <tr><td>{@code io.qhtrack.core.internal}</td><td>the engine, not API</td>
 *       <td>{@code io.qhtrack.core}, {@code .spi}</td></tr>
 *   <tr><td>{@code io.qhtrack.core.jdbc}</td><td>the JDBC outbox</td>
 *       <td>{@code io.qhtrack.core}, {@code .spi}, {@code .internal}</td></tr>
 *   <tr><td>{@code io.qhtrack.platform.*}</td><td>one platform each (360, Baidu, Tencent)</td>
 *       <td>{@code io.qhtrack.core}, {@code .spi}, {@code .internal}; never another platform</td></tr>
 * </table>
 */
class ImportCycleTest {

    /** The package map above: package (a platform's as {@code io.qhtrack.platform.*}) → what it may refer to. */
    private static final Map<String, Set<String>> PACKAGE_MAP = new TreeMap<>();

    static {
        PACKAGE_MAP.put("io.qhtrack.core", set("io.qhtrack.core.spi", "io.qhtrack.core.internal",
                "io.qhtrack.core.jdbc"));
        PACKAGE_MAP.put("io.qhtrack.core.spi", set("io.qhtrack.core"));
        PACKAGE_MAP.put("io.qhtrack.core.internal", set("io.qhtrack.core", "io.qhtrack.core.spi"));
        PACKAGE_MAP.put("io.qhtrack.core.jdbc", set("io.qhtrack.core", "io.qhtrack.core.spi",
                "io.qhtrack.core.internal"));
        PACKAGE_MAP.put("io.qhtrack.platform.*", set("io.qhtrack.core", "io.qhtrack.core.spi",
                "io.qhtrack.core.internal"));
    }

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        graph = CompiledClasses.classGraph(CompiledClasses.directory());
        assertThat(graph).as("tracker-core's classes were found").containsKeys("io.qhtrack.core.Tracker",
                "io.qhtrack.core.spi.Platform", "io.qhtrack.core.internal.Dispatcher",
                "io.qhtrack.core.jdbc.JdbcOutbox", "io.qhtrack.platform.qihoo360.Qihoo360");
        assertThat(graph.get("io.qhtrack.core.Tracker")).as("what Tracker refers to, nested classes folded")
                .contains("io.qhtrack.core.spi.Platform").noneMatch(c -> c.contains("$"));
    }

    @Test
    void noClassLevelCycleSpansTwoPackages() {
        assertThat(cyclesAcrossPackages(graph)).as("strongly connected components of tracker-core's classes that "
                + "span two packages (break the cycle: see ImportCycleTest's javadoc)").isEmpty();
    }

    @Test
    void everyPackageRefersOnlyToWhatThePackageMapAllows() {
        Map<String, Set<String>> uses = packageUses(graph);
        assertThat(uses.keySet()).as("packages of tracker-core").allMatch(p -> PACKAGE_MAP.containsKey(mapKey(p)));
        for (Map.Entry<String, Set<String>> e : uses.entrySet()) {
            assertThat(e.getValue()).as("what %s refers to", e.getKey())
                    .isSubsetOf(PACKAGE_MAP.get(mapKey(e.getKey())));
        }
    }

    @Test
    void theCheckerFindsACycleThroughTwoPackagesAndNamesItsClasses() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a.Api", set("b.Spi"));
        g.put("b.Spi", set("b.Helper"));
        g.put("b.Helper", set("a.Api", "c.Leaf"));
        g.put("c.Leaf", set());

        assertThat(cyclesAcrossPackages(g)).containsExactly(new TreeSet<>(Arrays.asList("a.Api", "b.Helper",
                "b.Spi")));
    }

    @Test
    void theCheckerAllowsACycleInsideOnePackage() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a.Outbox", set("a.Rows", "b.Api"));
        g.put("a.Rows", set("a.Outbox"));
        g.put("b.Api", set());

        assertThat(cyclesAcrossPackages(g)).isEmpty();
    }

    @Test
    void theCheckerAllowsPackagesThatReferToEachOtherThroughDifferentClasses() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a.Tracker", set("b.Platform"));
        g.put("b.Platform", set("a.Click"));
        g.put("a.Click", set());

        assertThat(cyclesAcrossPackages(g)).isEmpty();
    }

    @Test
    void theCheckerReportsEachCycleAcrossPackagesOnItsOwn() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a.One", set("b.Two"));
        g.put("b.Two", set("a.One", "c.Three"));
        g.put("c.Three", set("d.Four"));
        g.put("d.Four", set("c.Three"));

        assertThat(cyclesAcrossPackages(g)).containsExactlyInAnyOrder(new TreeSet<>(Arrays.asList("a.One", "b.Two")),
                new TreeSet<>(Arrays.asList("c.Three", "d.Four")));
    }

    @Test
    void nestedClassesAreFoldedIntoTheirTopLevelClass() {
        assertThat(CompiledClasses.topLevel("io/qhtrack/core/Tracker$Builder")).isEqualTo("io.qhtrack.core.Tracker");
        assertThat(CompiledClasses.topLevel("io/qhtrack/core/Click$1")).isEqualTo("io.qhtrack.core.Click");
        assertThat(CompiledClasses.topLevel("io/qhtrack/core/spi/Platform")).isEqualTo("io.qhtrack.core.spi.Platform");
    }

    /** The strongly connected components of {@code g} whose classes belong to more than one package. */
    static List<SortedSet<String>> cyclesAcrossPackages(Map<String, Set<String>> g) {
        List<SortedSet<String>> crossing = new ArrayList<>();
        for (SortedSet<String> component : new Tarjan(g).components()) {
            Set<String> packages = new HashSet<>();
            for (String c : component) {
                packages.add(CompiledClasses.packageOf(c));
            }
            if (packages.size() > 1) {
                crossing.add(component);
            }
        }
        return crossing;
    }

    /** Package → the other packages its classes refer to. */
    private static Map<String, Set<String>> packageUses(Map<String, Set<String>> g) {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Map.Entry<String, Set<String>> e : g.entrySet()) {
            String pkg = CompiledClasses.packageOf(e.getKey());
            Set<String> to = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (String c : e.getValue()) {
                if (!CompiledClasses.packageOf(c).equals(pkg)) {
                    to.add(CompiledClasses.packageOf(c));
                }
            }
        }
        return uses;
    }

    private static String mapKey(String pkg) {
        return pkg.startsWith("io.qhtrack.platform.") ? "io.qhtrack.platform.*" : pkg;
    }

    private static Set<String> set(String... elements) {
        return new TreeSet<>(Arrays.asList(elements));
    }

    /** Tarjan's strongly connected components, over every class that is a key or a target of {@code graph}. */
    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<SortedSet<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<SortedSet<String>> components() {
            Set<String> nodes = new TreeSet<>(graph.keySet());
            for (Set<String> targets : graph.values()) {
                nodes.addAll(targets);
            }
            for (String n : nodes) {
                if (!index.containsKey(n)) {
                    visit(n);
                }
            }
            return components;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, Collections.<String>emptySet())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                SortedSet<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                components.add(component);
            }
        }
    }
}
