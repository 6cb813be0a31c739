package io.qhtrack.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trigger's path is matched against servlet path + path info, however the container split the request's path
 * between the two (the servlet mapping decides), without joining them.
 */
class TriggerTest {

    @ParameterizedTest(name = "{0} against {1} {2} + {3}: {4}")
    @CsvSource(nullValues = "null", value = {
        // trigger,               method, servlet path, path info, matches
        "POST /lead=SUBMIT,       POST,   /lead,        null,      true",
        "POST /lead=SUBMIT,       POST,   '',           /lead,     true",
        "POST /lead=SUBMIT,       POST,   /le,          ad,        true",
        "POST /lead=SUBMIT,       GET,    /lead,        null,      false",
        "POST /lead=SUBMIT,       POST,   /lead,        /,         false",
        "POST /lead=SUBMIT,       POST,   /leads,       null,      false",
        "POST /lead=SUBMIT,       POST,   /lea,         null,      false",
        "POST /lead=SUBMIT,       POST,   null,         null,      false",
        "POST /order/*=ORDER,     POST,   /order,       /a-1,      true",
        "POST /order/*=ORDER,     POST,   /order/a-1,   null,      true",
        "POST /order/*=ORDER,     POST,   /order,       null,      true",
        "POST /order/*=ORDER,     POST,   '',           /order,    true",
        "POST /order/*=ORDER,     POST,   /order,       /,         true",
        "POST /order/*=ORDER,     POST,   /orders,      null,      false",
        "POST /order/*=ORDER,     POST,   /orde,        null,      false",
        "POST /order/*=ORDER,     POST,   /other,       /order/1,  false",
        "POST /*=SUBMIT,          POST,   '',           /,         true",
        "POST /*=SUBMIT,          POST,   /anything,    null,      true",
        "POST /*=SUBMIT,          POST,   '',           null,      true",
    })
    void matchesServletPathPlusPathInfo(String trigger, String method, String servletPath, String pathInfo,
            boolean matches) {
        assertThat(Trigger.parse(trigger).matches(method, servletPath, pathInfo)).isEqualTo(matches);
    }
}
