package io.qhtrack.filter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated classes need nothing beyond the Servlet 3.1 API, checked against the Servlet 3.1 API jar itself (the
 * pom's jetty-9.4 execution puts it on the class path): every Servlet method, constructor and field the byte code
 * refers to exists there, and every class implementing a Servlet interface implements each of its methods itself,
 * since Servlet 3.1 has no default methods. The Jetty 9.4 tests show the same at run time for the paths they take.
 */
@EnabledIfSystemProperty(named = "qhtrack.test.container", matches = "jetty-9\\.4")
class Servlet31ApiTest {

    private static final List<String> references = new ArrayList<>();
    private static final Set<String> classNames = new LinkedHashSet<>();

    @BeforeAll
    static void readTheGeneratedClasses() throws IOException {
        Path classes = TestWebApp.generatedClasses();
        for (Path file : TestWebApp.filesUnder(classes)) {
            if (file.toString().endsWith(".class")) {
                new ClassReader(Files.readAllBytes(file)).accept(new ServletReferences(), ClassReader.SKIP_DEBUG);
            }
        }
    }

    @Test
    void theClassPathHasTheServlet31Api() {
        assertThat(javax.servlet.ServletContext.class.getPackage().getSpecificationVersion()).isEqualTo("3.1");
    }

    @Test
    void everyServletMemberTheClassesUseExistsInServlet31() throws Exception {
        assertThat(references).as("the classes refer to the Servlet API at all").hasSizeGreaterThan(30);
        List<String> missing = new ArrayList<>();
        for (String reference : references) {
            if (!existsInServlet31(reference)) {
                missing.add(reference);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyServletInterfaceMethodIsImplementedNotInherited() throws Exception {
        List<String> unimplemented = new ArrayList<>();
        int checked = 0;
        for (String name : classNames) {
            Class<?> type = Class.forName(name, false, Servlet31ApiTest.class.getClassLoader());
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                continue;
            }
            for (Class<?> api : servletInterfacesOf(type)) {
                for (Method method : api.getMethods()) {
                    checked++;
                    Method implementation = type.getMethod(method.getName(), method.getParameterTypes());
                    if (Modifier.isAbstract(implementation.getModifiers())) {
                        unimplemented.add(name + " lacks " + api.getName() + "." + method.getName());
                    }
                }
            }
        }
        assertThat(checked).as("Filter, ServletContextListener, AsyncListener, ServletContainerInitializer methods")
                .isGreaterThanOrEqualTo(3 + 3 + 2 + 4 + 1);
        assertThat(unimplemented).isEmpty();
    }

    private static Set<Class<?>> servletInterfacesOf(Class<?> type) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Class<?> i : t.getInterfaces()) {
                if (i.getName().startsWith("javax.servlet.")) {
                    found.add(i);
                }
            }
        }
        return found;
    }

    /** {@code kind owner name descriptor}, e.g. {@code method javax/servlet/Filter init (Ljavax/...;)V}. */
    private static boolean existsInServlet31(String reference) throws ClassNotFoundException {
        String[] parts = reference.split(" ");
        Class<?> owner;
        try {
            owner = Class.forName(parts[1].replace('/', '.'), false, Servlet31ApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        if (parts.length == 2) {
            return true; // a type
        }
        String name = parts[2];
        String descriptor = parts[3];
        if ("field".equals(parts[0])) {
            try {
                return Type.getDescriptor(owner.getField(name).getType()).equals(descriptor);
            } catch (NoSuchFieldException e) {
                return false;
            }
        }
        if ("<init>".equals(name)) {
            // a subclass calls a protected constructor too (ServletOutputStream's is protected)
            for (Constructor<?> c : owner.getDeclaredConstructors()) {
                if (!Modifier.isPrivate(c.getModifiers()) && Type.getConstructorDescriptor(c).equals(descriptor)) {
                    return true;
                }
            }
            return false;
        }
        for (Class<?> t = owner; t != null; t = t.getSuperclass()) {
            if (hasMethod(t, name, descriptor)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMethod(Class<?> type, String name, String descriptor) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                return true;
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            if (hasMethod(i, name, descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** Collects the generated classes' names and their references to javax.servlet types and members. */
    private static final class ServletReferences extends ClassVisitor {

        ServletReferences() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            classNames.add(name.replace('/', '.'));
            addType(superName);
            if (interfaces != null) {
                for (String i : interfaces) {
                    addType(i);
                }
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    add("method", owner, method, desc);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    add("field", owner, field, desc);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    addType(type);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type && ((Type) value).getSort() == Type.OBJECT) {
                        addType(((Type) value).getInternalName());
                    }
                }
            };
        }

        private static void addType(String internalName) {
            if (internalName != null && internalName.startsWith("javax/servlet/")) {
                references.add("type " + internalName);
            }
        }

        private static void add(String kind, String owner, String name, String descriptor) {
            if (owner.startsWith("javax/servlet/")) {
                references.add(kind + " " + owner + " " + name + " " + descriptor);
            }
        }
    }
}
