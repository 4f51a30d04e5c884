package onair.function.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The function's logging, in code instead of a logback.xml: Lambda ships stdout to CloudWatch, one line per message,
 * no colours; OnAir at INFO, Micronaut at WARN.
 * <p>
 * Why not XML: the native image initializes logback at build time (configured once, in the image heap: see
 * META-INF/native-image/.../native-image.properties), and logback's XML configurator keeps its SAX parse events
 * (org.xml.sax.helpers LocatorImpl, AttributesImpl) in the LoggerContext's status list, which GraalVM then refuses in
 * the image heap (scripts/native-check found both, one per run). Configured here, nothing is parsed. Logback finds
 * this class through java.util.ServiceLoader (META-INF/services/ch.qos.logback.classic.spi.Configurator) before it
 * looks for any XML file, and stops there (logback manual, "Configuration": configurators found by the service
 * loader run first; DO_NOT_INVOKE_NEXT_IF_ANY ends the chain).
 */
public final class LambdaLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%-5level %logger{20} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        context.getLogger("io.micronaut").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
