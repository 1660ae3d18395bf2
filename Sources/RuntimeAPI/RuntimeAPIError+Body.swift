import JSON

/// Reads `{"errorType": …, "errorMessage": …}` from an API error body, tolerating anything else.
func parseAPIErrorBody(_ body: [UInt8]) -> (errorType: String?, errorMessage: String?) {
    guard !body.isEmpty, let value = try? JSONValue(parsing: body) else { return (nil, nil) }
    return (value["errorType"]?.stringValue, value["errorMessage"]?.stringValue)
}
