package io.qhtrack.spring;

import io.qhtrack.filter.PendingConversion;
import io.qhtrack.filter.ReportConversion;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Fails start-up when a handler method carries {@link ReportConversion} for HTTP methods it is never mapped to (a
 * {@code @GetMapping} with the default {@code methods = "POST"}): such an annotation could never report. And tells
 * the trigger filter which HTTP methods annotated handlers report on
 * ({@link PendingConversion#publishHandlerMethods}), so that it guards the responses of such requests until they
 * reported.
 */
final class ReportConversionCheck implements SmartInitializingSingleton {

    private final ApplicationContext context;

    ReportConversionCheck(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = new ArrayList<>();
        Set<String> reportingMethods = new TreeSet<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
                ReportConversionInterceptor.annotationOf(e.getValue()).ifPresent(reporting -> {
                    for (String m : reporting.methods()) {
                        reportingMethods.add(m.toUpperCase(Locale.ROOT));
                    }
                });
                ReportConversion rc = AnnotatedElementUtils.findMergedAnnotation(e.getValue().getMethod(),
                        ReportConversion.class);
                Set<RequestMethod> mapped = e.getKey().getMethodsCondition().getMethods();
                if (rc != null && !mapped.isEmpty() && !reportsOnAny(rc, mapped)) {
                    problems.add("@ReportConversion(" + rc.value().name() + ") on " + e.getValue().getShortLogMessage()
                            + " reports on " + String.join(", ", rc.methods()) + ", but the handler is mapped to "
                            + mapped + " only: name its methods, e.g. methods = \"" + mapped.iterator().next() + "\"");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("qhtrack: " + String.join("; ", problems));
        }
        ServletContext servletContext = context instanceof WebApplicationContext
                ? ((WebApplicationContext) context).getServletContext() : null;
        if (servletContext != null) {
            PendingConversion.publishHandlerMethods(servletContext, reportingMethods);
        }
    }

    private static boolean reportsOnAny(ReportConversion rc, Set<RequestMethod> mapped) {
        for (String m : rc.methods()) {
            for (RequestMethod r : mapped) {
                if (r.name().equals(m.toUpperCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }
}
