/**
 * qhtrack for Spring Boot: auto-configuration of the click-capture and trigger filters, the {@code Tracker} bean,
 * {@code @ReportConversion} on handler methods, the JDBC outbox on the application's {@code DataSource}, and, with
 * Actuator, the {@code qhtrack} health component, {@code qhtrack.*} meters and the {@code qhtrack} endpoint. Settings
 * come from Spring's {@code Environment} under their usual names ({@link io.qhtrack.spring.SpringSettings}).
 */
package io.qhtrack.spring;
