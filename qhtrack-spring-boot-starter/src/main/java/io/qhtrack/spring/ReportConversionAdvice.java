package io.qhtrack.spring;

import io.qhtrack.filter.ReportConversion;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Reports a {@link ReportConversion} handler method that returned a body ({@code @ResponseBody},
 * {@code @RestController}, {@code ResponseEntity}) just before the body is written, with the status the handler set:
 * see {@link ReportConversionInterceptor}. The body is left as it is.
 */
@ControllerAdvice
final class ReportConversionAdvice implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (request instanceof ServletServerHttpRequest && response instanceof ServletServerHttpResponse) {
            ReportConversionInterceptor.beforeBodyWrite(((ServletServerHttpRequest) request).getServletRequest(),
                    returnType, ((ServletServerHttpResponse) response).getServletResponse().getStatus());
        }
        return body;
    }
}
