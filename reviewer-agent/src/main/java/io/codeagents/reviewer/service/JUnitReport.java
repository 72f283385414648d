package io.codeagents.reviewer.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The JUnit XML report of a test run (pytest's, or the standard-library runner's in the same shape). The file was
 * writable by the code under review, so it is parsed as untrusted input: no DTDs, no external entities.
 */
final class JUnitReport {

    enum Outcome {
        PASSED, FAILED, ERROR, SKIPPED
    }

    /**
     * One test case. {@code message} is the report's short reason; {@code detail} the traceback text.
     */
    record Case(String test, Outcome outcome, String message, String detail) {

        /** pytest's marker of a module that could not even be imported. */
        boolean isCollectionError() {
            return outcome == Outcome.ERROR && "collection failure".equals(message);
        }

        /** The last "E   …" line pytest writes (the exception), or the last traceback line of the stdlib runner. */
        String raisedLine() {
            String last = "";
            for (String line : detail.split("\n")) {
                if (line.startsWith("E   ")) {
                    last = line.substring(4).strip();
                }
            }
            if (last.isEmpty()) {
                String[] lines = detail.strip().split("\n");
                last = lines[lines.length - 1].strip();
            }
            return last;
        }
    }

    private JUnitReport() {
    }

    static List<Case> parse(byte[] xml) throws IOException {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(null);
            NodeList cases = builder.parse(new ByteArrayInputStream(xml)).getElementsByTagName("testcase");
            List<Case> result = new ArrayList<>();
            for (int i = 0; i < cases.getLength(); i++) {
                result.add(toCase((Element) cases.item(i)));
            }
            return result;
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("unreadable test report: " + e.getMessage(), e);
        }
    }

    private static Case toCase(Element testcase) {
        String test = testName(testcase.getAttribute("classname"), testcase.getAttribute("name"));
        for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                Outcome outcome = switch (element.getTagName()) {
                    case "failure" -> Outcome.FAILED;
                    case "error" -> Outcome.ERROR;
                    case "skipped" -> Outcome.SKIPPED;
                    default -> null;
                };
                if (outcome != null) {
                    return new Case(test, outcome, element.getAttribute("message"), element.getTextContent());
                }
            }
        }
        return new Case(test, Outcome.PASSED, "", "");
    }

    /** pytest's node id: {@code test_solution.py::TestX::test_y} from classname {@code test_solution.TestX}. */
    static String testName(String classname, String name) {
        if (classname.isEmpty()) {
            return name.endsWith(".py") ? name : name + ".py";
        }
        String[] parts = classname.split("\\.");
        StringBuilder id = new StringBuilder(parts[0]).append(".py");
        for (int i = 1; i < parts.length; i++) {
            id.append("::").append(parts[i]);
        }
        return id.append("::").append(name).toString();
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }
}
