package io.qhtrack.spring.txshop;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import java.util.Optional;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A shop that saves its leads in its own database, in a {@code @Transactional} service that also reports them: with
 * the JDBC outbox on the same {@code DataSource}, the lead and its conversion commit or roll back together.
 */
@SpringBootApplication
public class TransactionalShopApplication {

    /** The leads table, created at start-up. */
    @Bean
    ApplicationRunner leadsTable(JdbcTemplate jdbc) {
        return args -> jdbc.execute("CREATE TABLE IF NOT EXISTS leads (name VARCHAR(64) NOT NULL)");
    }

    /** Saves a lead and reports it, in one transaction; {@code fail} makes the transaction roll back afterwards. */
    @Service
    public static class Leads {
        private final JdbcTemplate jdbc;
        private final Tracker tracker;

        public Leads(JdbcTemplate jdbc, Tracker tracker) {
            this.jdbc = jdbc;
            this.tracker = tracker;
        }

        @Transactional
        public TrackOutcome save(String name, Click click, boolean fail) {
            jdbc.update("INSERT INTO leads (name) VALUES (?)", name);
            TrackOutcome outcome = tracker.report(click, Conversion.builder(Event.SUBMIT).transId(name).build());
            if (fail) {
                throw new IllegalStateException("the CRM refused " + name + " after it was reported");
            }
            return outcome;
        }
    }

    @RestController
    public static class Pages {
        private final Leads leads;

        public Pages(Leads leads) {
            this.leads = leads;
        }

        @PostMapping("/tx/lead")
        public String lead(@RequestParam String name, @RequestParam(defaultValue = "false") boolean fail,
                Optional<Click> click) {
            TrackOutcome outcome = leads.save(name, click.orElse(null), fail);
            return outcome.status() + ": " + outcome.message();
        }
    }
}
