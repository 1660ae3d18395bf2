extension String {
    /// The text cut to at most `limit` Unicode scalars (CloudFormation and IAM count characters), ending in `…`
    /// when cut. Generated descriptions quote user names of unbounded length.
    func truncated(to limit: Int) -> String {
        guard unicodeScalars.count > limit else { return self }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: unicodeScalars.prefix(limit - 1))
        return String(scalars) + "…"
    }
}
