# Counts as CLDR writes them for zh-Hans (#,##0: 2,816 citations, as CNKI and Google Scholar print them);
# Django's zh_Hans groups by 4 digits without a separator.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
