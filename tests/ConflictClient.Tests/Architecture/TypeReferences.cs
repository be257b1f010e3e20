using System.Reflection;
using System.Reflection.Emit;

namespace ConflictClient.Tests.Architecture;

/// <summary>
/// Every type a compiled type uses: its signatures and the types, methods and fields its method bodies name (read from
/// the IL), so a layer rule cannot be dodged by a local variable or a call.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodes = typeof(System.Reflection.Emit.OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Add(found, type.BaseType);
        foreach (var contract in type.GetInterfaces())
        {
            Add(found, contract);
        }

        foreach (var field in type.GetFields(Everything))
        {
            Add(found, field.FieldType);
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            AddSignature(found, method);
            AddBody(found, method);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Add(found, property.PropertyType);
        }

        return found;
    }

    private static void AddSignature(HashSet<Type> found, MethodBase method)
    {
        if (method is MethodInfo info)
        {
            Add(found, info.ReturnType);
        }

        foreach (var parameter in method.GetParameters())
        {
            Add(found, parameter.ParameterType);
        }
    }

    private static void AddBody(HashSet<Type> found, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(found, local.LocalType);
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = Read(il, ref at);
            if (code.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, at);
                var member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                switch (member)
                {
                    case Type referenced:
                        Add(found, referenced);
                        break;
                    case MethodBase called:
                        Add(found, called.DeclaringType);
                        AddSignature(found, called);
                        break;
                    case FieldInfo field:
                        Add(found, field.DeclaringType);
                        Add(found, field.FieldType);
                        break;
                }
            }

            at += OperandSize(code, il, at);
        }
    }

    private static OpCode Read(byte[] il, ref int at)
    {
        short value = il[at++];
        if (value == 0xFE)
        {
            value = unchecked((short)(0xFE00 | il[at++]));
        }

        return OpCodes[value];
    }

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(found, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }

            type = type.GetGenericTypeDefinition();
        }

        found.Add(type);
    }
}
