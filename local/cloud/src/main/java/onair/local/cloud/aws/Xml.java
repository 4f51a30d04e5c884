package onair.local.cloud.aws;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Namespace-agnostic DOM helpers for the CloudFront REST-XML shapes. */
public final class Xml {
    private Xml() {
    }

    public static Element parse(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes)).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed XML: " + e.getMessage(), e);
        }
    }

    public static String serialize(Element element) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize XML", e);
        }
    }

    public static String name(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && (name == null || name.equals(name(n)))) {
                out.add((Element) n);
            }
        }
        return out;
    }

    public static Element child(Element parent, String... path) {
        Element current = parent;
        for (String step : path) {
            List<Element> found = children(current, step);
            if (found.isEmpty()) {
                return null;
            }
            current = found.get(0);
        }
        return current;
    }

    public static String text(Element parent, String... path) {
        Element e = child(parent, path);
        return e == null ? null : e.getTextContent().trim();
    }

    public static long number(Element parent, long fallback, String... path) {
        String t = text(parent, path);
        try {
            return t == null || t.isEmpty() ? fallback : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public static boolean bool(Element parent, String... path) {
        return "true".equalsIgnoreCase(text(parent, path));
    }

    /** Texts of {@code <Items><name>..</name>...</Items>} under the given element. */
    public static List<String> items(Element parent, String... path) {
        List<String> out = new ArrayList<>();
        Element e = child(parent, path);
        for (Element item : children(child(e, "Items"), null)) {
            out.add(item.getTextContent().trim());
        }
        return out;
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
