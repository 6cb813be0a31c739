package io.qhtrack.sample;

import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The JDBC drivers in this web application's {@code WEB-INF/lib} (H2's, for the demo's outbox), made known to
 * {@link DriverManager} at start and forgotten at stop. {@code DriverManager} looks for drivers once per JVM: in a
 * container that had used JDBC before this application was deployed (a second application, a redeploy) it would not
 * know them, and a driver left registered at stop pins the stopped application's class loader.
 */
final class JdbcDrivers {

    private static final System.Logger LOG = System.getLogger(JdbcDrivers.class.getName());

    private JdbcDrivers() {
    }

    /** Registers the drivers that {@code loader} itself provides, unless {@code DriverManager} knows them. */
    static void registerOwn(ClassLoader loader) {
        try {
            for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                if (driver.getClass().getClassLoader() == loader && !registered(driver.getClass())) {
                    DriverManager.registerDriver(driver);
                }
            }
        } catch (ServiceConfigurationError | SQLException e) {
            LOG.log(Level.WARNING, "qhtrack sample: could not register this application's JDBC drivers", e);
        }
    }

    /** Deregisters every driver loaded by {@code loader}. */
    static void deregisterOwn(ClassLoader loader) {
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.log(Level.DEBUG, "qhtrack sample: could not deregister " + driver, e);
                }
            }
        }
    }

    private static boolean registered(Class<?> type) {
        return Collections.list(DriverManager.getDrivers()).stream().anyMatch(d -> d.getClass() == type);
    }
}
