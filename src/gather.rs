//! Reading scattered data for long lists of entities (the hundreds of candidates a common
//! surname has in a large gazetteer) in groups: the reads of a group are independent of each
//! other, so they wait for memory together instead of one after another.

/// How many reads are issued before any of them is used.
const GROUP: usize = 16;

/// `(item, read(item))` for every item, in order, with the reads done a group at a time.
pub(crate) fn gathered<'a, T, U>(
    items: &'a [T],
    read: impl Fn(T) -> U + 'a,
) -> impl Iterator<Item = (T, U)> + 'a
where
    T: Copy + 'a,
    U: Copy + Default + 'a,
{
    items.chunks(GROUP).flat_map(move |group| {
        let values: [U; GROUP] =
            std::array::from_fn(|k| group.get(k).map_or(U::default(), |&x| read(x)));
        group.iter().copied().zip(values)
    })
}

#[cfg(test)]
mod tests {
    use super::gathered;

    #[test]
    fn every_item_with_its_value_in_order() {
        for n in [0, 1, 15, 16, 17, 40] {
            let items: Vec<u32> = (0..n).collect();
            let got: Vec<(u32, u32)> = gathered(&items, |x| x * 10).collect();
            let expected: Vec<(u32, u32)> = items.iter().map(|&x| (x, x * 10)).collect();
            assert_eq!(got, expected, "{n} items");
        }
    }
}
