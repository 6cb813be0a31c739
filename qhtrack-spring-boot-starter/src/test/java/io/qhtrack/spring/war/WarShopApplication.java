package io.qhtrack.spring.war;

import io.qhtrack.core.Event;
import io.qhtrack.filter.ReportConversion;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@code WarDeploymentTest} deploys as a WAR: only this package goes into its {@code WEB-INF/classes},
 * with an {@code application.yml} the test writes beside it.
 */
@SpringBootApplication
public class WarShopApplication extends SpringBootServletInitializer {

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(WarShopApplication.class);
    }

    @RestController
    public static class Pages {

        @GetMapping("/")
        public String landing() {
            return "landing";
        }

        @PostMapping("/lead")
        @ReportConversion(Event.SUBMIT)
        public String lead() {
            return "thanks";
        }

        /** qhtrack's filter registrations in the servlet context, as {@code name=class} lines. */
        @GetMapping("/registrations")
        public String registrations(HttpServletRequest request) {
            Map<String, String> qhtrack = new TreeMap<>();
            for (FilterRegistration r : request.getServletContext().getFilterRegistrations().values()) {
                if (r.getClassName() != null && r.getClassName().startsWith("io.qhtrack.")) {
                    qhtrack.put(r.getName(), r.getClassName());
                }
            }
            StringBuilder lines = new StringBuilder();
            qhtrack.forEach((name, type) -> lines.append(name).append('=').append(type).append('\n'));
            return lines.toString();
        }
    }
}
