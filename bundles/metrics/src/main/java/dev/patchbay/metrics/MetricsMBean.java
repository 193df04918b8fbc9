package dev.patchbay.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/**
 * The samples as read-only JMX attributes of one MBean ({@code dev.patchbay:type=Metrics}),
 * named {@code <metric>[<label>=<value>,...]}, e.g.
 * {@code patchbay_endpoint_bytes_read_total[endpoint=tpp]}. The attribute list follows the node:
 * endpoints, peers and queues appear and disappear as they do.
 */
final class MetricsMBean implements DynamicMBean {

    private final Supplier<List<Sample>> samples;

    MetricsMBean(Supplier<List<Sample>> samples) {
        this.samples = samples;
    }

    static String attributeName(Sample sample) {
        if (sample.labels().isEmpty()) {
            return sample.name();
        }
        StringBuilder name = new StringBuilder(sample.name()).append('[');
        boolean first = true;
        for (Map.Entry<String, String> label : new TreeMap<>(sample.labels()).entrySet()) {
            name.append(first ? "" : ",").append(label.getKey()).append('=').append(label.getValue());
            first = false;
        }
        return name.append(']').toString();
    }

    private Map<String, Sample> current() {
        Map<String, Sample> byName = new TreeMap<>();
        for (Sample sample : samples.get()) {
            byName.put(attributeName(sample), sample);
        }
        return byName;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Sample sample = current().get(attribute);
        if (sample == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return sample.value();
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Sample> byName = current();
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            Sample sample = byName.get(attribute);
            if (sample != null) {
                list.add(new Attribute(attribute, sample.value()));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) {
        throw new UnsupportedOperationException("metrics are read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        current().forEach((name, sample) -> attributes.add(new MBeanAttributeInfo(name, "java.lang.Double",
                sample.help() + " (" + sample.type() + ")", true, false, false)));
        return new MBeanInfo(getClass().getName(), "Patchbay node metrics",
                attributes.toArray(MBeanAttributeInfo[]::new), null, null, null);
    }
}
