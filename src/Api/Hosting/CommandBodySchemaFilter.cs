using Mediator;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CaseTracker.Api.Hosting;

/// <summary>
/// A command bound from a request body describes only the body: the properties JSON cannot set (internal init, filled by
/// the endpoint from the route and headers, e.g. a case step's case id and If-Match version) are left out of its schema.
/// </summary>
internal sealed class CommandBodySchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (!typeof(IMessage).IsAssignableFrom(context.Type) || schema is not OpenApiSchema { Properties: { } properties }) return;
        foreach (var name in properties.Where(p => p.Value.ReadOnly).Select(p => p.Key).ToList())
            properties.Remove(name);
    }
}
