package io.qhtrack.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telling which servlet a request went to from the container's split of its path (servlet path, path info), with
 * the Servlet 3.0 API: every kind of mapping of the specification, ranked as the specification ranks them.
 */
class ServletMappingsTest {

    private static final ServletMappings MAPPINGS = ServletMappings.of(patterns(
            "/lead", "lead",
            "/order/*", "order",
            "/order/special", "special",
            "*.do", "action",
            "/", "default",
            "", "root"));

    @ParameterizedTest(name = "[{index}] servlet path {0}, path info {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // servlet path   | path info   | servlet
        "/lead            | -           | lead",
        "/order           | /A-1        | order",
        "/order           | -           | order",
        "/order/special   | -           | special",
        "/shop/buy.do     | -           | action",
        "/lead.do         | -           | action",
        "/v1.2/page       | -           | default",
        "/anything/else   | -           | default",
        "''               | /           | root",
    })
    void findsTheServletTheContainerChose(String servletPath, String pathInfo, String servlet) {
        assertThat(MAPPINGS.servletFor(servletPath, pathInfo)).isEqualTo(servlet);
    }

    @Test
    void aPathMappingOfEverythingHasAnEmptyServletPath() {
        ServletMappings mappings = ServletMappings.of(patterns("/*", "all", "/lead", "lead"));

        assertThat(mappings.servletFor("", "/landing")).isEqualTo("all");
        assertThat(mappings.servletFor("/lead", null)).isEqualTo("lead");
    }

    @Test
    void aRequestNoRegisteredPatternExplainsHasNoServlet() {
        ServletMappings mappings = ServletMappings.of(patterns("/lead", "lead"));

        assertThat(mappings.servletFor("/other", null)).isNull();
        assertThat(mappings.servletFor("/lead", "/more")).isNull();
    }

    private static Map<String, String> patterns(String... patternsAndNames) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < patternsAndNames.length; i += 2) {
            map.put(patternsAndNames[i], patternsAndNames[i + 1]);
        }
        return map;
    }
}
