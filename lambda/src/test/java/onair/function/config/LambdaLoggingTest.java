package onair.function.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function's logging as CloudWatch receives it, and logback finding it without any XML. */
class LambdaLoggingTest {

    @Test
    void logbackFindsTheConfiguratorThroughTheServiceLoader() {
        assertTrue(ServiceLoader.load(Configurator.class).stream().anyMatch(p -> p.type() == LambdaLogging.class),
                "META-INF/services/ch.qos.logback.classic.spi.Configurator must name LambdaLogging");
        assertEquals(null, getClass().getResource("/logback.xml"), "no logback.xml: its SAX objects break the native image");
    }

    @Test
    void oneLinePerMessageOnStdoutOnAirAtInfoMicronautAtWarn() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives its own context
        try {
            // logback's ConsoleAppender writes to whatever System.out is at the time of the write
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new LambdaLogging().configure(context));
            context.getLogger("onair.function.status.StatusEndpoint").info("served {}", "idle");
            context.getLogger("onair.function.status.StatusEndpoint").debug("not shown");
            context.getLogger("io.micronaut.context.DefaultBeanContext").info("not shown either");
            context.getLogger("io.micronaut.context.DefaultBeanContext").warn("a warning");
        } finally {
            context.stop();
            System.setOut(original);
        }
        assertEquals("INFO  o.f.s.StatusEndpoint - served idle\nWARN  i.m.c.DefaultBeanContext - a warning\n",
                captured.toString(StandardCharsets.UTF_8));
    }
}
