package dev.patchbay.api.tpp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * On a {@code @Component} that provides a {@link TppActionHandler}: the actions it serves and
 * whether it may block, as typed service properties ({@value TppActionHandler#ACTION_PROPERTY},
 * {@value TppActionHandler#BLOCKING_PROPERTY}).
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TppActionService {

    String PREFIX_ = "patchbay.tpp.";

    /** The action names it serves. */
    String[] action();

    /** {@code false} promises that it never blocks: it then runs on the I/O thread. */
    boolean blocking() default true;
}
