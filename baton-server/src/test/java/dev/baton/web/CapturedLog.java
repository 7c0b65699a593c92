package dev.baton.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one logger writes while a test runs, at {@code level} and above whatever the test configuration says. */
final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    CapturedLog(Class<?> loggerOf, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerOf);
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(level);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(lines.list);
    }

    List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
        logger.setLevel(null);
    }
}
