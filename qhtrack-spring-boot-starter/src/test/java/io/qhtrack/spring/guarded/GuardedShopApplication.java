package io.qhtrack.spring.guarded;

import io.qhtrack.core.Event;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Tracker;
import io.qhtrack.filter.ReportConversion;
import io.qhtrack.spring.QhtrackWebAutoConfiguration;
import io.qhtrack.spring.SpringSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.servlet.View;

/**
 * A shop whose {@link ReportConversion} handlers answer in each way Spring MVC answers: a body, a
 * {@code ResponseEntity}, a view, a redirect, the response written by the handler itself, an asynchronous result.
 * Its tracker's outbox goes through {@link CommitProbe}, registered first of all filters, so that a test can tell
 * whether a response was committed when its conversion was added. Spring Boot's own character-encoding filter is off
 * (the test's properties); the application registers its own after qhtrack's filters instead, as a {@code web.xml}
 * would, for the trigger {@code POST /signup=SUBMIT}.
 */
@SpringBootApplication
public class GuardedShopApplication {

    /** The probe. */
    @Bean
    public CommitProbe commitProbe() {
        return new CommitProbe();
    }

    /** The probe, first of all filters, also on the dispatch that writes an asynchronous result. */
    @Bean
    public FilterRegistrationBean<CommitProbe> commitProbeRegistration(CommitProbe probe) {
        FilterRegistrationBean<CommitProbe> registration = new FilterRegistrationBean<>(probe);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    /** The application's own tracker, configured from qhtrack's settings, its outbox watched by the probe. */
    @Bean
    public Tracker tracker(SpringSettings settings, CommitProbe probe) {
        return Tracker.builder().name("guarded-shop").settings(settings).jmx(false)
                .outbox(probe.outbox(Outboxes.inMemory(1000))).build();
    }

    /** The application's own encoding filter, after qhtrack's (which are at the start of the chain). */
    @Bean
    public FilterRegistrationBean<CharacterEncodingFilter> applicationEncoding() {
        FilterRegistrationBean<CharacterEncodingFilter> registration =
                new FilterRegistrationBean<>(new CharacterEncodingFilter("UTF-8"));
        registration.setOrder(QhtrackWebAutoConfiguration.TRIGGER_FILTER_ORDER + 1);
        return registration;
    }

    /** The view {@code thanks}: writes its page and flushes it, as template engines do. */
    @Bean
    public View thanks() {
        return new View() {
            @Override
            public String getContentType() {
                return "text/plain;charset=utf-8";
            }

            @Override
            public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                response.setContentType(getContentType());
                response.getWriter().print("thank you");
                response.getWriter().flush();
            }
        };
    }

    @Controller
    @ReportConversion(Event.SUBMIT)
    public static class Leads {

        @PostMapping("/body")
        @ResponseBody
        public String body(@RequestParam String name) {
            return "thanks " + name;
        }

        @PostMapping("/entity")
        public ResponseEntity<String> entity() {
            return ResponseEntity.status(HttpStatus.CREATED).body("created");
        }

        @PostMapping("/view")
        public String view() {
            return "thanks";
        }

        @PostMapping("/redirect")
        public String redirect() {
            return "redirect:/thanks";
        }

        @PostMapping("/written")
        public void written(HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().print("written by the handler");
            response.flushBuffer();
        }

        @PostMapping("/later")
        @ResponseBody
        public Callable<String> later() {
            return () -> "accepted later";
        }
    }

    /** The landing page, and a sign-up form reported by the trigger {@code POST /signup=SUBMIT}. */
    @Controller
    public static class Pages {

        @GetMapping("/")
        @ResponseBody
        public String landing() {
            return "landing";
        }

        @PostMapping("/signup")
        @ResponseBody
        public String signUp(@RequestParam String name) {
            return "thanks " + name;
        }
    }
}
