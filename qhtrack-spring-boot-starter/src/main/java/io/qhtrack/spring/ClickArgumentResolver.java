package io.qhtrack.spring;

import io.qhtrack.core.Click;
import io.qhtrack.filter.QhClick;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves handler-method arguments of type {@code Optional<Click>} (empty when the visitor came from no 360 ad) and
 * {@code Click} ({@code null} then) to the visitor's click, as {@link QhClick#current(HttpServletRequest)} finds it.
 */
final class ClickArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Click.class || isOptionalClick(parameter);
    }

    private static boolean isOptionalClick(MethodParameter parameter) {
        return parameter.getParameterType() == Optional.class
                && ResolvableType.forMethodParameter(parameter).getGeneric(0).resolve() == Click.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Optional<Click> click = request == null ? Optional.<Click>empty() : QhClick.current(request);
        return isOptionalClick(parameter) ? click : click.orElse(null);
    }
}
