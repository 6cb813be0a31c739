package io.qhtrack.spring.shop;

import io.qhtrack.core.Click;
import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.filter.QhTracker;
import io.qhtrack.filter.ReportConversion;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The application the tests drive over HTTP: a landing page, a lead form, an order, and a few ways to fail. */
@SpringBootApplication
public class ShopApplication {

    /** The course's price, set by the server. */
    public static final BigDecimal PRICE_YUAN = new BigDecimal("23.45");

    @RestController
    public static class Pages {

        @GetMapping("/")
        public String landing() {
            return "landing";
        }

        @GetMapping("/click")
        public String click(Optional<Click> click) {
            return click.map(c -> c.line().wireName() + " " + c.id()).orElse("none");
        }

        @GetMapping("/click-or-null")
        public String clickOrNull(Click click) {
            return click == null ? "null" : click.id();
        }

        @PostMapping("/lead")
        @ReportConversion(Event.SUBMIT)
        public String lead(@RequestParam String name) {
            return "thanks " + name;
        }

        @PostMapping("/lead-async")
        @ReportConversion(Event.SUBMIT)
        public Callable<String> leadAsync(@RequestParam String name) {
            return () -> "thanks later " + name;
        }

        @PostMapping("/lead-invalid")
        @ReportConversion(Event.SUBMIT)
        public ResponseEntity<String> invalidLead() {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body("phone missing");
        }

        @PostMapping("/lead-broken")
        @ReportConversion(Event.SUBMIT)
        public String brokenLead() {
            throw new IllegalStateException("the CRM is down");
        }

        @PostMapping("/advisory")
        public String advisory(@RequestParam String question) {
            return "we will call you about " + question;
        }

        /** Reads nothing of the form: its trans_id still comes from the form content. */
        @PostMapping("/lead-unread")
        @ReportConversion(Event.SUBMIT)
        public String unreadLead() {
            return "thanks";
        }

        @PostMapping("/order")
        public String order(HttpServletRequest request, @RequestParam String orderId,
                @RequestParam(defaultValue = "1") int quantity) {
            TrackOutcome outcome = QhTracker.order(request, orderId, PRICE_YUAN.multiply(BigDecimal.valueOf(quantity))
                    .toPlainString());
            return outcome.status().name();
        }

        /** Turns the broken lead's exception into a 200 page: still not a successful handler. */
        @ExceptionHandler(IllegalStateException.class)
        public String handled(IllegalStateException e) {
            return "sorry: " + e.getMessage();
        }
    }

    /** Every handler of this class reports CALL on POST. */
    @RestController
    @ReportConversion(Event.CALL)
    public static class Calls {

        @PostMapping("/call")
        public String call() {
            return "calling";
        }

        @GetMapping("/call")
        public String callPage() {
            return "call us";
        }
    }
}
