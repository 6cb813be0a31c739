/**
 * {@code java -jar sample-webapp.jar}: runs the sample's WAR, embedded in the jar, on embedded Jetty 12 (ee10),
 * deployed like any container deploys a WAR, so qhtrack registers itself from {@code WEB-INF/lib}. Not part of the
 * WAR; depends on Jetty and the JDK only.
 */
package io.qhtrack.sample.launcher;
