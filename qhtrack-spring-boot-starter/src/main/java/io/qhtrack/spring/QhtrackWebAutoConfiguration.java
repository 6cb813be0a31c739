package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import io.qhtrack.filter.CaptureOptions;
import io.qhtrack.filter.ClickIdCaptureFilter;
import io.qhtrack.filter.ClickIdCaptureInitializer;
import io.qhtrack.filter.ConversionTriggerFilter;
import io.qhtrack.filter.QhTracker;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * qhtrack in a servlet web application (embedded Tomcat or Jetty, or a WAR): the click-capture filter early in the
 * chain (after Spring Session's, before Spring Security's: {@link #CAPTURE_FILTER_ORDER}), the trigger filter right
 * after it, the tracker installed where {@code QhTracker.lead/order/report(request,
 * …)} find it, and, with Spring MVC, {@code @ReportConversion} on handler methods and {@code Click} /
 * {@code Optional<Click>} handler-method arguments.
 *
 * <p>Each filter stands aside when the application registers that filter class itself (a
 * {@code FilterRegistrationBean} of it, or the filter as a bean). Both filters are constructed with one
 * {@link CaptureOptions} bean, bound once from the environment, so they read exactly what Spring reads (no
 * init-parameters); the values are checked while the context starts, before the web server does.
 *
 * <p>In a WAR, tracker-filter's own {@code ClickIdCaptureInitializer} sees this starter in the web application and
 * registers nothing: the filters registered here, under the same names ({@code qhtrack}, {@code qhtrack-triggers}),
 * and the tracker installed here are the only ones, whichever initializer the container runs first.
 */
@AutoConfiguration(after = QhtrackAutoConfiguration.class)
@Conditional(OnQhtrackEnabledCondition.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ClickIdCaptureFilter.class, FilterRegistrationBean.class})
public class QhtrackWebAutoConfiguration {

    /**
     * The capture filter's order, {@code HIGHEST_PRECEDENCE + 60}. It runs
     * <ul>
     *   <li>after Spring Boot's character-encoding filter ({@code HIGHEST_PRECEDENCE}) and its request-observation
     *       filter ({@code HIGHEST_PRECEDENCE + 1}), which see every request first;</li>
     *   <li>after Spring Session's {@code SessionRepositoryFilter} ({@code HIGHEST_PRECEDENCE + 50}, its
     *       {@code DEFAULT_ORDER} and {@code spring.session.servlet.filter-order}'s default), so that with
     *       {@code qhtrack.store=session} the click goes into Spring Session's session (JDBC, Redis: shared by every
     *       node), not into the servlet container's own, where no later handler would find it;</li>
     *   <li>before every other filter: Spring MVC's {@code HiddenHttpMethodFilter} (-10000) and
     *       {@code FormContentFilter} (-9900), Spring Security's filter chain (-100), and the application's own, so
     *       that every later filter and handler knows the click (a login page Spring Security redirects to still
     *       captures it).</li>
     * </ul>
     * An application that orders Spring Session later registers the filter itself (a
     * {@code FilterRegistrationBean<ClickIdCaptureFilter>}), and this one stands aside.
     */
    public static final int CAPTURE_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 60;
    /**
     * The trigger filter's order, {@code HIGHEST_PRECEDENCE + 61}: right after the capture filter (so a trigger sees
     * the click captured on the same request, in the same session), as the jar's own registration does.
     */
    public static final int TRIGGER_FILTER_ORDER = CAPTURE_FILTER_ORDER + 1;

    /** For Spring. */
    public QhtrackWebAutoConfiguration() {
    }

    /**
     * The filters' options, bound once from the environment (every {@code qhtrack.*} filter setting: store, cookie,
     * capture, forms, browser events, triggers), checked while the context starts; both filters are constructed with
     * them.
     */
    @Bean
    @ConditionalOnMissingBean
    public CaptureOptions qhtrackCaptureOptions(SpringSettings settings) {
        return CaptureOptions.from(settings);
    }

    /** {@link ClickIdCaptureFilter} as {@code qhtrack} on {@code /*}, REQUEST dispatches, async supported. */
    @Bean
    @ConditionalOnMissingBean(value = ClickIdCaptureFilter.class, parameterizedContainer = FilterRegistrationBean.class)
    public FilterRegistrationBean<ClickIdCaptureFilter> qhtrackCaptureFilter(CaptureOptions options) {
        FilterRegistrationBean<ClickIdCaptureFilter> registration =
                new FilterRegistrationBean<>(new ClickIdCaptureFilter(options));
        registration.setName(ClickIdCaptureInitializer.FILTER_NAME);
        registration.setOrder(CAPTURE_FILTER_ORDER);
        configure(registration);
        return registration;
    }

    /** {@link ConversionTriggerFilter} as {@code qhtrack-triggers} on {@code /*}, right after the capture filter. */
    @Bean
    @ConditionalOnMissingBean(value = ConversionTriggerFilter.class,
            parameterizedContainer = FilterRegistrationBean.class)
    public FilterRegistrationBean<ConversionTriggerFilter> qhtrackTriggerFilter(CaptureOptions options) {
        FilterRegistrationBean<ConversionTriggerFilter> registration =
                new FilterRegistrationBean<>(new ConversionTriggerFilter(options));
        registration.setName(ClickIdCaptureInitializer.TRIGGER_FILTER_NAME);
        registration.setOrder(TRIGGER_FILTER_ORDER);
        configure(registration);
        return registration;
    }

    /** On every path, for REQUEST dispatches only (as the jar's own registration), async supported. */
    private static void configure(FilterRegistrationBean<?> registration) {
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setAsyncSupported(true);
    }

    /**
     * Makes the application's tracker (the auto-configured one or its own) the web application's, as
     * {@code TrackerListener} does in a WAR: {@code QhTracker} finds it in the servlet context.
     */
    @Bean
    @ConditionalOnSingleCandidate(Tracker.class)
    public ServletContextInitializer qhtrackTrackerInstaller(Tracker tracker) {
        return servletContext -> QhTracker.install(servletContext, tracker);
    }

    /** {@code @ReportConversion} on handler methods and {@code Click} arguments, with Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({WebMvcConfigurer.class, HandlerInterceptor.class, HandlerMethodArgumentResolver.class})
    static class MvcConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReportConversionInterceptor qhtrackReportConversionInterceptor() {
            return new ReportConversionInterceptor();
        }

        @Bean
        WebMvcConfigurer qhtrackWebMvcConfigurer(ReportConversionInterceptor interceptor) {
            return new WebMvcConfigurer() {
                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    registry.addInterceptor(interceptor);
                }

                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new ClickArgumentResolver());
                }

                @Override
                public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
                    resolvers.add(0, interceptor); // first: it only notes that the handler failed
                }
            };
        }

        @Bean
        ReportConversionAdvice qhtrackReportConversionAdvice() {
            return new ReportConversionAdvice();
        }

        @Bean
        static ReportConversionCheck qhtrackReportConversionCheck(ApplicationContext context) {
            return new ReportConversionCheck(context);
        }
    }
}
